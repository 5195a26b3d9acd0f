#!/usr/bin/env bash
# make deploy: an empty project to hourly loads, in the order each step needs the ones before:
#   1. the APIs;
#   2. the service accounts and their project-level grants;
#   3. the buckets, the datasets and the image repository, with the grants on them;
#   4. the Flex Template's launcher image and spec, and the dashboard image, built on Cloud Build
#      as the builder account (not the project's default build account);
#   5. the GitHub connection the dbt builds read the repository through (made once with gcloud;
#      Google has a person authorise its GitHub App in a browser);
#   6. everything else: the network, Pub/Sub, the launch workflow and the schedules, the dbt
#      triggers, the dashboard on Cloud Run, the alerts.
# Each command is printed with the account it runs as; DRY_RUN=1 prints them and runs none.
# `deploy.sh template` runs step 4's template build alone (make template).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${GCP_PROJECT:?GCP_PROJECT is not set}"
REGION=${REGION:-us-central1}
NAME_PREFIX=${NAME_PREFIX:-ghevents}
TERRAFORM=${TERRAFORM:-.tools/bin/terraform}
TAG=${TAG:-$(git rev-parse --short HEAD 2> /dev/null || echo dev)}
DRY_RUN=${DRY_RUN:-}
CONNECTION=${CLOUDBUILD_CONNECTION:-$NAME_PREFIX-github}
BUILDER="$NAME_PREFIX-builder@$GCP_PROJECT.iam.gserviceaccount.com"
REGISTRY="$REGION-docker.pkg.dev/$GCP_PROJECT/$NAME_PREFIX"
# Terraform names the work bucket so (terraform/storage.tf); TEMPLATE_BUCKET may name another.
TEMPLATE_BUCKET=${TEMPLATE_BUCKET:-$GCP_PROJECT-$NAME_PREFIX-work}
YOU="you (gcloud auth application-default login)"

step=0
# run "WHAT" "AS WHOM" COMMAND...: one numbered step, printed, then run unless DRY_RUN.
run() {
  local what=$1 who=$2
  shift 2
  step=$((step + 1))
  printf 'step %d: %s\n  as %s\n  $' "$step" "$what" "$who"
  printf ' %q' "$@"
  printf '\n'
  [ -n "$DRY_RUN" ] || "$@"
}

apply() {
  local what=$1
  shift
  run "$what" "$YOU" "$TERRAFORM" -chdir=terraform apply -input=false "$@"
}

# Every gcloud builds submit: as the builder, its source staged in the work bucket's source/, its
# log in Cloud Logging (the config says so; a user-specified account may not use the default
# logs bucket).
submit() {
  local what=$1
  shift
  run "$what" "$BUILDER (Cloud Build; submitted by you)" gcloud builds submit \
    --project="$GCP_PROJECT" --region="$REGION" \
    --service-account="projects/$GCP_PROJECT/serviceAccounts/$BUILDER" \
    --gcs-source-staging-dir="gs://$TEMPLATE_BUCKET/source" \
    --config=templates/image.cloudbuild.yaml "$@"
}

template() {
  run "build the shaded jar the launcher image holds" "you (locally)" make --no-print-directory build
  submit "build and push the launcher image, stage the Flex Template spec" \
    --substitutions="_DOCKERFILE=templates/Dockerfile,_IMAGE=$REGISTRY/ghevents-template:$TAG,_TEMPLATE_SPEC=gs://$TEMPLATE_BUCKET/templates/ghevents.json" .
}

if [ "${1:-}" = template ]; then
  template
  exit 0
fi

[ -f terraform/terraform.tfvars ] || [ -n "$DRY_RUN" ] ||
  { echo "Copy terraform/terraform.tfvars.example to terraform/terraform.tfvars and fill it in" >&2; exit 1; }

run "initialise Terraform" "$YOU" "$TERRAFORM" -chdir=terraform init -input=false
apply "the APIs" -target=google_project_service.apis
apply "the service accounts and their project-level grants" \
  -target=google_service_account.dataflow -target=google_service_account.launcher \
  -target=google_service_account.dbt -target=google_service_account.dashboard \
  -target=google_service_account.builder \
  -target=google_project_iam_member.dataflow_worker \
  -target=google_project_iam_member.dataflow_bigquery_jobs \
  -target=google_project_iam_member.launcher_dataflow \
  -target=google_project_iam_member.launcher_invokes_workflow \
  -target=google_project_iam_member.launcher_logs \
  -target=google_project_iam_member.dbt_bigquery_jobs -target=google_project_iam_member.dbt_logs \
  -target=google_project_iam_member.dashboard_bigquery_jobs \
  -target=google_project_iam_member.builder_logs \
  -target=google_service_account_iam_member.launcher_acts_as_dataflow
apply "the buckets, the datasets and the image repository, with the grants on them" \
  -target=google_storage_bucket.lake -target=google_storage_bucket.work \
  -target=google_bigquery_dataset.landing -target=google_bigquery_dataset.staging \
  -target=google_bigquery_dataset.ops -target=google_bigquery_dataset.analytics \
  -target=google_artifact_registry_repository.images \
  -target=google_storage_bucket_iam_member.dataflow_lake \
  -target=google_storage_bucket_iam_member.dataflow_work \
  -target=google_storage_bucket_iam_member.launcher_reads_template \
  -target=google_storage_bucket_iam_member.builder_reads_source \
  -target=google_storage_bucket_iam_member.builder_writes_template_spec \
  -target=google_bigquery_dataset_iam_member.dataflow_datasets \
  -target=google_bigquery_dataset_iam_member.dbt_reads \
  -target=google_bigquery_dataset_iam_member.dbt_writes_models \
  -target=google_bigquery_dataset_iam_member.dashboard_reads \
  -target=google_artifact_registry_repository_iam_member.dataflow_pulls_template \
  -target=google_artifact_registry_repository_iam_member.builder_pushes_images
template
submit "build and push the dashboard image" --ignore-file=dashboard/.gcloudignore \
  --substitutions="_DOCKERFILE=dashboard/Dockerfile,_IMAGE=$REGISTRY/dashboard:$TAG,_TEMPLATE_SPEC=" .

# The GitHub connection: created if missing; Terraform links the repository under it only once
# GitHub's authorisation is complete.
connection_state() {
  gcloud builds connections describe "$CONNECTION" --project="$GCP_PROJECT" --region="$REGION" \
    --format='value(installationState.stage)' 2> /dev/null
}
state=""
[ -n "$DRY_RUN" ] || state=$(connection_state) || state=""
if [ -z "$state" ]; then
  run "create the GitHub connection of the dbt builds (then authorise it in the browser it names)" \
    "$YOU" gcloud builds connections create github "$CONNECTION" --project="$GCP_PROJECT" \
    --region="$REGION"
fi
if [ -z "$DRY_RUN" ]; then
  state=$(connection_state) || state=""
  if [ "$state" != COMPLETE ]; then
    echo "The GitHub connection $CONNECTION is ${state:-missing}: open the link above (or in the" \
      "console's Cloud Build > Repositories), install the Cloud Build app on the repository, then" \
      "run make deploy again." >&2
    exit 3
  fi
fi
apply "everything else: network, Pub/Sub, the launch workflow and schedules, dbt triggers, dashboard, alerts" \
  -var="dashboard_image_tag=$TAG"
echo "deploy: $step step(s)$([ -n "$DRY_RUN" ] && echo ' printed (DRY_RUN), none run' || echo ' done')" >&2
