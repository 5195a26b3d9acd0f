# Every hour, a few minutes after GH Archive publishes, Cloud Scheduler starts the launch workflow,
# which launches the Flex Template with hours=auto: the run loads whatever the ledger lacks in the
# last lookback_hours, so a missed run is caught up.
#
# The workflow does two things a Scheduler job's fixed request cannot:
# - It launches only once GH Archive has published the newest hour (a HEAD request, asked again
#   every publish_wait_minutes up to publish_looks times). A Flex Template launch must end in a
#   job, or it fails after its launcher VM has run (the launcher always submits one: see
#   GhEventsPipeline.submitToDataflow); so an hour that is not out yet costs no job at all, and the
#   next hour's launch plans it again.
# - It names the job after the hour it is for (ghevents-hourly-YYYYMMDDHH). Dataflow refuses a
#   launch whose job name is already active, so a launch retried after an accepted one (a dropped
#   response, a Scheduler retry that created a second execution) is refused (409) instead of
#   starting a second job, and the workflow counts it as launched. The next hour's launch has a
#   name of its own, so a slow job never blocks it; two jobs that do overlap are safe: their commits
#   serialize on the warehouse's commit lease and lock.
resource "google_workflows_workflow" "hourly_launch" {
  name            = "${var.name_prefix}-hourly-launch"
  region          = var.region
  description     = "Launches the ghevents Flex Template with hours=auto once the newest hour is published, under the hour's job name."
  service_account = google_service_account.launcher.id
  call_log_level  = "LOG_ERRORS_ONLY"

  source_contents = yamlencode({
    main = {
      steps = [
        {
          # The newest complete hour, as GH Archive names it (the hour not zero-padded), and the job
          # name it gives.
          plan = {
            assign = [
              { hourStart = "$${int(sys.now() / 3600) * 3600 - 3600}" },
              { stamp = "$${time.format(hourStart)}" },
              { hourName = "$${text.substring(stamp, 0, 10) + \"-\" + string(int(text.substring(stamp, 11, 13)))}" },
              { jobName = "$${\"${var.name_prefix}-hourly-\" + text.replace_all(text.replace_all(text.substring(stamp, 0, 13), \"-\", \"\"), \"T\", \"\")}" },
              { published = false },
            ]
          }
        },
        {
          waitForPublication = {
            "for" = {
              value = "look"
              range = [1, var.publish_looks]
              steps = [
                {
                  ask = {
                    try = {
                      steps = [
                        {
                          head = {
                            call = "http.request"
                            args = {
                              url     = "$${\"https://data.gharchive.org/\" + hourName + \".json.gz\"}"
                              method  = "HEAD"
                              timeout = 30
                            }
                          }
                        },
                        { out = { assign = [{ published = true }] } },
                      ]
                    }
                    # 429, 502, 503, 504 and dropped connections, with backoff.
                    retry = "$${http.default_retry}"
                    except = {
                      as = "e"
                      steps = [
                        {
                          onlyNotFound = {
                            switch = [
                              { condition = "$${not(\"code\" in e) or e.code != 404}", raise = "$${e}" },
                            ]
                          }
                        },
                      ]
                    }
                  }
                },
                { stopWhenOut = { switch = [{ condition = "$${published}", next = "break" }] } },
                {
                  later = {
                    switch = [
                      {
                        condition = "$${look < ${var.publish_looks}}"
                        steps     = [{ pause = { call = "sys.sleep", args = { seconds = var.publish_wait_minutes * 60 } } }]
                      },
                    ]
                  }
                },
              ]
            }
          }
        },
        {
          unpublished = {
            switch = [
              {
                condition = "$${not(published)}"
                return    = "$${hourName + \" is not published yet: no job launched; the next launch plans it again\"}"
              },
            ]
          }
        },
        {
          launch = {
            try = {
              call = "googleapis.dataflow.v1b3.projects.locations.flexTemplates.launch"
              args = {
                projectId = var.project_id
                location  = var.region
                body = {
                  launchParameter = {
                    jobName              = "$${jobName}"
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
                      # The topic's id, spelled out so the workflow's text is known at plan time.
                      publishTopic = "projects/${var.project_id}/topics/${google_pubsub_topic.loads.name}"
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
            except = {
              as = "e"
              steps = [
                {
                  alreadyLaunched = {
                    switch = [
                      {
                        condition = "$${\"code\" in e and e.code == 409}"
                        return    = "$${jobName + \" is already running: this launch was a retry of an accepted one\"}"
                      },
                    ]
                  }
                },
                { failed = { raise = "$${e}" } },
              ]
            }
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
