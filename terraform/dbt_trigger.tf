# The pipeline's last step publishes one message per successful load; a trigger runs the dbt build
# (dbt/cloudbuild.yaml) on it, as the dbt service account. So dbt runs after every successful load,
# and only then; its data tests read only the rows loaded in the last few hours, so their cost does
# not grow with the history. Once a day a Scheduler message starts the same build with every test
# over the whole history.
resource "google_pubsub_topic" "loads" {
  #checkov:skip=CKV_GCP_83:Load messages carry hour names and counts, no personal data; Google-managed encryption is enough.
  name                       = "${var.name_prefix}-loads"
  message_retention_duration = "86400s"

  depends_on = [google_project_service.apis]
}

resource "google_pubsub_topic" "dbt_daily" {
  #checkov:skip=CKV_GCP_83:The daily message is empty; Google-managed encryption is enough.
  name                       = "${var.name_prefix}-dbt-daily"
  message_retention_duration = "86400s"

  depends_on = [google_project_service.apis]
}

locals {
  # What the hourly build leaves to the daily one when dbt_hourly_models = "facts": the metrics
  # (rebuilt whole from all history) and the dimensions (which find their new events by a filter on
  # fct_events' loaded_at, a whole column), the tests that need them current, and the tests of the
  # facts and the repository models (not clustered by loaded_at, so even a test of recent loads
  # reads a whole column of them). The facts and the repository models build hourly: both find
  # their new rows in staging, which its clustering prunes, and the repository models read only the
  # days those rows fall on. The hourly build still tests staging's recent loads.
  dbt_daily_only = "path:models/metrics dim_actors dim_repos test_name:relationships path:models/core,resource_type:test path:models/repos,resource_type:test assert_fct_events_counts_match_staging assert_repo_activity_matches_facts"

  dbt_builds = {
    after-load = {
      description = "dbt build after each successful ghevents load; tests read the last hours' rows."
      topic       = google_pubsub_topic.loads.id
      full_test   = ""
      exclude     = var.dbt_hourly_models == "facts" ? local.dbt_daily_only : ""
    }
    daily-full-test = {
      description = "dbt build once a day: every model, every test over the whole history."
      topic       = google_pubsub_topic.dbt_daily.id
      full_test   = "1"
      exclude     = ""
    }
  }
}

# The repository the dbt builds run from, linked under the project's 2nd-gen GitHub connection.
# The connection itself is made once with `gcloud builds connections create github` (make deploy
# runs it): authorising Cloud Build's GitHub App is a step Google has a person do in a browser, and
# gcloud keeps the app's token in Secret Manager for the connection.
resource "google_cloudbuildv2_repository" "source" {
  name              = "${var.name_prefix}-source"
  location          = var.region
  parent_connection = "projects/${var.project_id}/locations/${var.region}/connections/${var.cloudbuild_connection}"
  remote_uri        = var.source_repo_uri

  depends_on = [google_project_service.apis]
}

resource "google_cloudbuild_trigger" "dbt" {
  for_each = local.dbt_builds

  name            = "${var.name_prefix}-dbt-${each.key}"
  description     = each.value.description
  location        = var.region
  service_account = google_service_account.dbt.id

  pubsub_config {
    topic = each.value.topic
  }

  # The repository through its 2nd-gen link (google_cloudbuildv2_repository below), the form
  # Google's GitHub connections create; the 1st-gen uri form needs the legacy GitHub app.
  source_to_build {
    repository = google_cloudbuildv2_repository.source.id
    ref        = var.source_repo_ref
    repo_type  = "GITHUB"
  }

  git_file_source {
    path       = "dbt/cloudbuild.yaml"
    repository = google_cloudbuildv2_repository.source.id
    revision   = var.source_repo_ref
    repo_type  = "GITHUB"
  }

  substitutions = {
    _GCP_PROJECT       = var.project_id
    _BIGQUERY_LOCATION = var.bigquery_location
    _FULL_TEST         = each.value.full_test
    _EXCLUDE           = each.value.exclude
  }

  depends_on = [google_project_service.apis]
}

moved {
  from = google_cloudbuild_trigger.dbt_after_load
  to   = google_cloudbuild_trigger.dbt["after-load"]
}

# Once a day, between hourly loads, the full test.
resource "google_cloud_scheduler_job" "dbt_daily" {
  name        = "${var.name_prefix}-dbt-daily"
  description = "Starts the daily dbt build that tests the whole history."
  schedule    = var.dbt_full_test_schedule
  time_zone   = "Etc/UTC"
  region      = var.region

  pubsub_target {
    topic_name = google_pubsub_topic.dbt_daily.id
    data       = base64encode("daily full test")
  }

  depends_on = [google_project_service.apis]
}
