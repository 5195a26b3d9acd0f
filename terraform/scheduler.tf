# Every hour, a few minutes after GH Archive publishes, Cloud Scheduler starts the launch workflow,
# which launches the Flex Template with hours=auto: the run loads whatever the ledger lacks in the
# last lookback_hours, so a missed run is caught up.
#
# The workflow is there for one reason: each job needs a name of its own. Dataflow refuses a launch
# whose job name is already running, and a Scheduler job's request body is fixed text, so a fixed
# name would make the next hour's launch fail while a slow hour's job still runs. Two jobs that do
# overlap are safe: their commits are serialized by the warehouse's commit lock.
resource "google_workflows_workflow" "hourly_launch" {
  name            = "${var.name_prefix}-hourly-launch"
  region          = var.region
  description     = "Launches the ghevents Flex Template with hours=auto, under a job name of its own."
  service_account = google_service_account.launcher.id
  call_log_level  = "LOG_ERRORS_ONLY"

  source_contents = yamlencode({
    main = {
      steps = [
        {
          launch = {
            try = {
              call = "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch"
              args = {
                projectId = var.project_id
                location  = var.region
                body = {
                  launchParameter = {
                    # A Workflows expression: the prefix and the launch time in epoch seconds.
                    jobName              = "$${\"${var.name_prefix}-hourly-\" + string(int(sys.now()))}"
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
                }
              }
              result = "launched"
            }
            # 429, 502, 503, 504 and dropped connections, with backoff.
            retry = "$${http.default_retry}"
          }
        },
        {
          done = {
            return = "$${launched.job.id}"
          }
        },
      ]
    }
  })

  depends_on = [google_project_service.apis]
}

resource "google_cloud_scheduler_job" "hourly" {
  name             = "${var.name_prefix}-hourly"
  description      = "Starts the ghevents launch workflow (hours=auto)."
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
    uri         = "https://workflowexecutions.googleapis.com/v1/${google_workflows_workflow.hourly_launch.id}/executions"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode({}))

    oauth_token {
      service_account_email = google_service_account.launcher.email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_project_service.apis]
}
