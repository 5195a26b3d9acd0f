#!/usr/bin/env bash
# One dbt build as the deployment runs it (dbt/cloudbuild.yaml), at most one at a time: it takes
# the build lock (macros/build_lock.sql) first and exits 0 without building if another build holds
# it; the next build reads what this one would have (its window starts where the last finished
# build's ended). Then `dbt build` (every model and test, or with TEST_LOADED_SINCE only the tests
# of rows loaded since then) and `dbt source freshness`, and the lock is given back.
#   DBT_TARGET   prod (BigQuery) or local (DuckDB, GHEVENTS_DUCKDB)
#   HOLDER       the build's name in the lock (Cloud Build: its BUILD_ID)
#   TEST_LOADED_SINCE  a UTC time 'YYYY-MM-DD HH:MM:SS': the hourly builds' test window
#   EXCLUDE      dbt selectors to leave out (the hourly builds' dims and metrics)
#   LOCK_MINUTES how long a build that died keeps the lock (longer than a build may run)
set -euo pipefail
cd "$(dirname "$0")"
DBT=${DBT:-dbt}
TARGET=${DBT_TARGET:-prod}
HOLDER=${HOLDER:-$(hostname)-$$}
LOCK_MINUTES=${LOCK_MINUTES:-65}
EXCLUDE=${EXCLUDE:-}
TEST_LOADED_SINCE=${TEST_LOADED_SINCE:-}

if ! out=$("$DBT" run-operation take_build_lock --no-use-colors --target "$TARGET" \
  --args "{holder: '$HOLDER', minutes: $LOCK_MINUTES}" 2>&1); then
  if grep -qE "concurrent update|Could not serialize" <<< "$out"; then
    # Two builds reached the lock in the same moment; the other one has it.
    echo "dbt build $HOLDER: another build is taking the build lock right now; this one exits" \
      "without building (the next build reads its rows)"
    exit 0
  fi
  echo "$out"
  echo "dbt build $HOLDER: could not take the build lock" >&2
  exit 1
fi
held=$(grep -o "ghevents-build-lock: .*" <<< "$out" || true)
case "$held" in
  "ghevents-build-lock: taken by $HOLDER") ;;
  "ghevents-build-lock: held by "*)
    echo "dbt build $HOLDER: another dbt build is running (${held#ghevents-build-lock: }); this" \
      "one exits without building. The next build reads every row this one would have."
    exit 0 ;;
  *) echo "$out"; echo "dbt build $HOLDER: the build lock said nothing understandable" >&2; exit 1 ;;
esac
give_back() {
  "$DBT" run-operation give_back_build_lock --no-use-colors --target "$TARGET" \
    --args "{holder: '$HOLDER'}" > /dev/null ||
    echo "dbt build $HOLDER: could not give back the build lock; it expires in $LOCK_MINUTES min" >&2
}
trap give_back EXIT

exclude=()
if [ -n "$EXCLUDE" ]; then
  read -r -a exclude <<< "--exclude $EXCLUDE"
  echo "left to the daily build: $EXCLUDE"
fi
vars=()
if [ -n "$TEST_LOADED_SINCE" ]; then
  echo "dbt build $HOLDER; tests read rows loaded since $TEST_LOADED_SINCE UTC"
  vars=(--vars "{test_loaded_since: '$TEST_LOADED_SINCE'}")
else
  echo "dbt build $HOLDER; every test over the whole history"
fi
"$DBT" build --no-use-colors --target "$TARGET" "${vars[@]}" "${exclude[@]}"
"$DBT" source freshness --no-use-colors --target "$TARGET"
