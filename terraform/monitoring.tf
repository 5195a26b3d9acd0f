# Alerts to var.notification_channels: a Dataflow job that failed, and no hour loaded for a while.

resource "google_monitoring_alert_policy" "dataflow_job_failed" {
  display_name = "${var.name_prefix}: a Dataflow load job failed"
  combiner     = "OR"

  conditions {
    display_name = "Dataflow job in state Failed"
    condition_matched_log {
      filter = <<-EOT
        resource.type="dataflow_step"
        log_id("dataflow.googleapis.com/job-message")
        severity>=ERROR
        textPayload:"Workflow failed"
      EOT
    }
  }

  alert_strategy {
    notification_rate_limit {
      period = "3600s"
    }
  }

  notification_channels = var.notification_channels

  documentation {
    content   = "A ghevents load job failed. Its hours stay pending or failed in gharchive_ops.ingest_ledger and the next hourly run (hours=auto) retries them; see the job's logs in Dataflow."
    mime_type = "text/markdown"
  }

  depends_on = [google_project_service.apis]
}

# The pipeline logs one line per committed hour ("<hour>: loaded: ..."), from the commit step.
resource "google_logging_metric" "hours_loaded" {
  name   = "${var.name_prefix}/hours_loaded"
  filter = <<-EOT
    resource.type="dataflow_step"
    jsonPayload.message=~"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{1,2}: loaded: "
  EOT

  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    unit        = "1"
  }

  depends_on = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "no_load" {
  display_name = "${var.name_prefix}: no hour loaded for ${var.no_load_alert_hours} hours"
  combiner     = "OR"

  conditions {
    display_name = "No 'loaded' ledger line for ${var.no_load_alert_hours} hours"
    condition_absent {
      # A log-based metric keeps the resource of its log lines: the commit step's.
      filter   = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.hours_loaded.name}\" AND resource.type=\"dataflow_step\""
      duration = "${var.no_load_alert_hours * 3600}s"
      aggregations {
        alignment_period     = "3600s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
      }
    }
  }

  notification_channels = var.notification_channels

  documentation {
    content   = "No GH Archive hour has been loaded for ${var.no_load_alert_hours} hours. Check the Cloud Scheduler job and the latest Dataflow jobs; gharchive_ops.ingest_ledger says what each hour's last run did."
    mime_type = "text/markdown"
  }
}
