#!/usr/bin/env bash
# make backfill: load FROM..TO on Dataflow as many small jobs, not one: HOURS_PER_JOB hours each
# (a day by default), PARALLEL running at a time, each with its own name, skipping the jobs whose
# hours the ledger already shows as done (loaded, corrupt or missing). Each job commits its own
# hours, so a failure costs one job, and the same command run again picks up what is left.
# PARALLEL's default comes from the modeled commit (README, "Backfill and the hourly job
# together"): four day commits queue for about 11 minutes, less than a day job takes to load.
# The day jobs announce nothing: once every job has ended, one message on the loads topic starts
# one dbt build (the hourly builds meanwhile pick up the committed days as well).
# DRY_RUN=1 prints every launch command instead of running it (and asks the ledger nothing unless
# LOADED_HOURS_FILE names a file of hour names that stands in for it).
set -euo pipefail

: "${FROM:?FROM is not set, e.g. FROM=2024-01-01-0}"
: "${TO:?TO is not set, e.g. TO=2024-01-31-23}"
HOURS_PER_JOB=${HOURS_PER_JOB:-24}
PARALLEL=${PARALLEL:-4}
DRY_RUN=${DRY_RUN:-}
REGION=${REGION:-us-central1}
OPS_DATASET=${OPS_DATASET:-gharchive_ops}
TERRAFORM=${TERRAFORM:-.tools/bin/terraform}

# The deployment's buckets, topic, worker account and subnet, from terraform output when there is
# a state to read; each can be given instead.
# A dry run without a deployment shows placeholders where the outputs would be.
tf_output() {
  local value=""
  if [ -x "$TERRAFORM" ]; then
    value=$("$TERRAFORM" -chdir=terraform output -no-color -raw "$1" 2> /dev/null) || value=""
    # Without a state, Terraform prints a warning where the value would be.
    [[ "$value" =~ ^[^[:space:]]+$ ]] || value=""
  fi
  if [ -z "$value" ] && [ -n "$DRY_RUN" ] && [ "${2:-}" = required ]; then
    value="<terraform output $1>"
  fi
  echo "$value"
}
GCP_PROJECT=${GCP_PROJECT:?GCP_PROJECT is not set}
TEMPLATE_BUCKET=${TEMPLATE_BUCKET:-$(tf_output work_bucket required)}
: "${TEMPLATE_BUCKET:?TEMPLATE_BUCKET is not set and terraform output work_bucket gave nothing}"
TEMPLATE_SPEC=${TEMPLATE_SPEC:-gs://$TEMPLATE_BUCKET/templates/ghevents.json}
LAKE_GCS=${LAKE_GCS:-$(tf_output lake_bucket required)}
: "${LAKE_GCS:?LAKE_GCS is not set and terraform output lake_bucket gave nothing}"
TOPIC=${TOPIC:-$(tf_output loads_topic)}
WORKER_SA=${WORKER_SA:-$(tf_output dataflow_service_account)}
SUBNETWORK=${SUBNETWORK:-$(tf_output dataflow_subnetwork)}

case "$HOURS_PER_JOB" in '' | *[!0-9]* | 0) echo "HOURS_PER_JOB must be 1 or more" >&2; exit 2 ;; esac
case "$PARALLEL" in '' | *[!0-9]* | 0) echo "PARALLEL must be 1 or more" >&2; exit 2 ;; esac

# GH Archive's hour names (YYYY-MM-DD-H, H not padded) to seconds since the epoch, and back.
to_epoch() {
  [[ "$1" =~ ^([0-9]{4}-[0-9]{2}-[0-9]{2})-([0-9]|1[0-9]|2[0-3])$ ]] ||
    { echo "'$1' is not an hour like 2024-01-01-5 (the hour is not zero-padded)" >&2; exit 2; }
  date -u -d "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}:00" +%s
}
name_of() { date -u -d "@$1" +%Y-%m-%d-%-H; }
first=$(to_epoch "$FROM")
last=$(to_epoch "$TO")
[ "$last" -ge "$first" ] || { echo "TO $TO is before FROM $FROM" >&2; exit 2; }

# Hours the ledger shows as done, one name a line.
done_hours=$(mktemp)
trap 'rm -f "$done_hours"' EXIT
if [ -n "${LOADED_HOURS_FILE:-}" ]; then
  cp "$LOADED_HOURS_FILE" "$done_hours"
elif [ -z "$DRY_RUN" ]; then
  bq query --project_id="$GCP_PROJECT" --nouse_legacy_sql --format=csv --max_rows=1000000 \
    "SELECT DISTINCT hour_name FROM \`$GCP_PROJECT.$OPS_DATASET.ingest_ledger\`
     WHERE status IN ('loaded', 'corrupt', 'missing')
       AND hour BETWEEN TIMESTAMP_SECONDS($first) AND TIMESTAMP_SECONDS($last)" |
    tail -n +2 > "$done_hours"
fi

stamp=$(date -u +%m%d%H%M)
jobs=0
skipped=0
running=()
wait_for_room() {
  # Dataflow's launch returns at submission: wait until fewer than PARALLEL jobs still run.
  while [ "${#running[@]}" -ge "$PARALLEL" ]; do
    sleep 60
    local still=()
    for id in "${running[@]}"; do
      state=$(gcloud dataflow jobs describe "$id" --project="$GCP_PROJECT" --region="$REGION" \
        --format='value(currentState)')
      case "$state" in JOB_STATE_DONE | JOB_STATE_FAILED | JOB_STATE_CANCELLED | JOB_STATE_DRAINED) ;;
        *) still+=("$id") ;; esac
    done
    running=("${still[@]}")
  done
}

for ((start = first; start <= last; start += HOURS_PER_JOB * 3600)); do
  end=$((start + (HOURS_PER_JOB - 1) * 3600))
  [ "$end" -le "$last" ] || end=$last
  todo=0
  for ((h = start; h <= end; h += 3600)); do
    grep -qx "$(name_of "$h")" "$done_hours" || todo=$((todo + 1))
  done
  range="$(name_of "$start")..$(name_of "$end")"
  if [ "$todo" -eq 0 ]; then
    echo "$range: skipped, every hour is done in the ledger" >&2
    skipped=$((skipped + 1))
    continue
  fi
  job="ghevents-bf-$(date -u -d "@$start" +%Y%m%d%H)-$(date -u -d "@$end" +%Y%m%d%H)-$stamp"
  params="^~^hours=$range~warehouse=BIGQUERY~lake=$LAKE_GCS~bigqueryProject=$GCP_PROJECT"
  command=(gcloud dataflow flex-template run "$job" --project="$GCP_PROJECT" --region="$REGION"
    --template-file-gcs-location="$TEMPLATE_SPEC"
    --temp-location="gs://$TEMPLATE_BUCKET/temp" --staging-location="gs://$TEMPLATE_BUCKET/staging")
  [ -z "$WORKER_SA" ] || command+=(--service-account-email="$WORKER_SA")
  [ -z "$SUBNETWORK" ] || command+=(--subnetwork="$SUBNETWORK" --disable-public-ips)
  command+=(--parameters="$params")
  jobs=$((jobs + 1))
  if [ -n "$DRY_RUN" ]; then
    printf '%q ' "${command[@]}"
    echo
  else
    wait_for_room
    echo "$range: launching $job ($todo hour(s) to load)" >&2
    running+=("$("${command[@]}" --format='value(job.id)')")
  fi
done
echo "backfill $FROM..$TO: $jobs job(s) of up to $HOURS_PER_JOB hour(s)$([ -n "$DRY_RUN" ] && echo ' planned (DRY_RUN)' || echo ' launched'), $skipped skipped as done" >&2
# One dbt build for the whole backfill, once its last job has ended (a build started while day
# jobs still commit would be followed by others: dbt/build.sh lets one run at a time).
if [ -n "$TOPIC" ] && [ "$jobs" -gt 0 ]; then
  publish=(gcloud pubsub topics publish "$TOPIC" --project="$GCP_PROJECT"
    --message="{\"backfill\": \"$FROM..$TO\", \"jobs\": $jobs}")
  if [ -n "$DRY_RUN" ]; then
    printf '%q ' "${publish[@]}"
    echo
  else
    PARALLEL=1 # wait_for_room then waits until no job runs
    wait_for_room
    echo "backfill $FROM..$TO: every job has ended; starting one dbt build" >&2
    "${publish[@]}" > /dev/null
  fi
fi
