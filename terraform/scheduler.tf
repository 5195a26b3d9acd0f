# Every hour, a few minutes after GH Archive publishes, launch the Flex Template with hours=auto:
# the run loads whatever the ledger lacks in the last lookback_hours, so a missed run is caught up.
resource "google_cloud_scheduler_job" "hourly" {
  name             = "${var.name_prefix}-hourly"
  description      = "Launches the ghevents Flex Template with hours=auto."
  schedule         = var.schedule
  time_zone        = "Etc/UTC"
  region           = var.region
  attempt_deadline = "320s"

  retry_config {
    retry_count          = 3
    min_backoff_duration = "60s"
    max_backoff_duration = "600s"
    max_doublings        = 3
  }

  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/${var.project_id}/locations/${var.region}/flexTemplates:launch"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode({
      launchParameter = {
        jobName              = "${var.name_prefix}-hourly"
        containerSpecGcsPath = local.template_spec
        # Every name here must be a parameter of templates/metadata.json (checked in make test).
        parameters = {
          hours            = "auto"
          lookbackHours    = tostring(var.lookback_hours)
          warehouse        = "BIGQUERY"
          lake             = "gs://${google_storage_bucket.lake.name}/gharchive"
          bigqueryProject  = var.project_id
          bigqueryLocation = var.bigquery_location
          landingDataset   = google_bigquery_dataset.landing.dataset_id
          stagingDataset   = google_bigquery_dataset.staging.dataset_id
          opsDataset       = google_bigquery_dataset.ops.dataset_id
          writeMethod      = var.write_method
          publishTopic     = google_pubsub_topic.loads.id
        }
        environment = {
          serviceAccountEmail = google_service_account.dataflow.email
          tempLocation        = "gs://${google_storage_bucket.work.name}/temp"
          stagingLocation     = "gs://${google_storage_bucket.work.name}/staging"
          maxWorkers          = var.dataflow_max_workers
          machineType         = var.dataflow_machine_type
          # No public IPs: the subnet's Cloud NAT reaches GH Archive (terraform/network.tf).
          subnetwork      = local.dataflow_subnetwork
          ipConfiguration = "WORKER_IP_PRIVATE"
        }
      }
    }))

    oauth_token {
      service_account_email = google_service_account.launcher.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_project_service.apis]
}
