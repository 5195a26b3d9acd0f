# The pipeline's last step publishes one message per successful load; this trigger runs the dbt
# build (dbt/cloudbuild.yaml) on it, as the dbt service account. So dbt runs after every
# successful load, and only then.
resource "google_pubsub_topic" "loads" {
  #checkov:skip=CKV_GCP_83:Load messages carry hour names and counts, no personal data; Google-managed encryption is enough.
  name                       = "${var.name_prefix}-loads"
  message_retention_duration = "86400s"

  depends_on = [google_project_service.apis]
}

resource "google_cloudbuild_trigger" "dbt_after_load" {
  name            = "${var.name_prefix}-dbt-after-load"
  description     = "dbt build after each successful ghevents load."
  location        = var.region
  service_account = google_service_account.dbt.id

  pubsub_config {
    topic = google_pubsub_topic.loads.id
  }

  source_to_build {
    uri       = var.source_repo_uri
    ref       = var.source_repo_ref
    repo_type = var.source_repo_type
  }

  git_file_source {
    path      = "dbt/cloudbuild.yaml"
    uri       = var.source_repo_uri
    revision  = var.source_repo_ref
    repo_type = var.source_repo_type
  }

  substitutions = {
    _GCP_PROJECT       = var.project_id
    _BIGQUERY_LOCATION = var.bigquery_location
  }

  depends_on = [google_project_service.apis]
}
