variable "project_id" {
  type        = string
  description = "The Google Cloud project that holds the whole platform."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6-30 lowercase letters, digits and hyphens."
  }
}

variable "region" {
  type        = string
  description = "Region of Dataflow, Cloud Scheduler, Cloud Run, Artifact Registry and the buckets."
  default     = "us-central1"
}

variable "bigquery_location" {
  type        = string
  description = "Location of the BigQuery datasets and of the MERGE jobs (a multi-region or a region)."
  default     = "US"
}

variable "name_prefix" {
  type        = string
  description = "Prefix of every resource name, so two deployments can share a project."
  default     = "ghevents"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}$", var.name_prefix))
    error_message = "name_prefix must be 2-15 lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "landing_partition_expiration_days" {
  type        = number
  description = "Days a landing partition is kept: landing rows are merged within the hour, and kept only to look into a failed run."
  default     = 7

  validation {
    condition     = var.landing_partition_expiration_days >= 1
    error_message = "landing_partition_expiration_days must be at least 1."
  }
}

variable "lake_nearline_after_days" {
  type        = number
  description = "Days after which lake objects move to Nearline (they are read again only for a backfill)."
  default     = 30
}

variable "lake_coldline_after_days" {
  type        = number
  description = "Days after which lake objects move to Coldline."
  default     = 90
}

variable "lake_archive_after_days" {
  type        = number
  description = "Days after which lake objects move to Archive."
  default     = 365
}

variable "schedule" {
  type        = string
  description = "When the hourly load runs (cron, UTC). GH Archive publishes an hour's file about 5-10 minutes after it ends."
  default     = "15 * * * *"
}

variable "dbt_hourly_models" {
  type        = string
  description = "What the dbt build after each load rebuilds: facts (staging and the incremental facts; dims and metrics, which are rebuilt whole from all history, only in the daily build) or all (every model every hour, at a cost that grows with history: see the README's cost table)."
  default     = "facts"

  validation {
    condition     = contains(["facts", "all"], var.dbt_hourly_models)
    error_message = "dbt_hourly_models must be facts or all."
  }
}

variable "dbt_full_test_schedule" {
  type        = string
  description = "When the daily dbt build with every test over the whole history runs (cron, UTC); the hourly builds test only recent loads."
  default     = "45 3 * * *"
}

variable "lookback_hours" {
  type        = number
  description = "The hourly run's catch-up window (--lookbackHours): missed runs within it are caught up."
  default     = 48
}

variable "write_method" {
  type        = string
  description = "How the pipeline writes BigQuery's landing tables (--writeMethod)."
  default     = "STORAGE_API_AT_LEAST_ONCE"

  validation {
    condition     = contains(["STORAGE_API_AT_LEAST_ONCE", "FILE_LOADS"], var.write_method)
    error_message = "write_method must be STORAGE_API_AT_LEAST_ONCE or FILE_LOADS (STORAGE_WRITE_API is not offered: see the README)."
  }
}

variable "dataflow_max_workers" {
  type        = number
  description = "Most Dataflow workers an hourly run may use (a bound on cost): one n2-standard-2 does a 2024 hour's two vCPU-minutes of work in a job that is mostly start-up."
  default     = 1
}

variable "dataflow_machine_type" {
  type        = string
  description = "Machine type of the Dataflow workers."
  default     = "n2-standard-2"
}

variable "source_repo_uri" {
  type        = string
  description = "HTTPS clone URL of this repository on GitHub (ending in .git), linked under cloudbuild_connection; the dbt builds run from it."

  validation {
    condition     = can(regex("^https://github\\.com/[^/]+/[^/]+\\.git$", var.source_repo_uri))
    error_message = "source_repo_uri must be a GitHub clone URL such as https://github.com/my-org/ghevents.git."
  }
}

variable "source_repo_ref" {
  type        = string
  description = "Git ref the dbt build runs from."
  default     = "refs/heads/main"
}

variable "cloudbuild_connection" {
  type        = string
  description = "Name of the project's 2nd-gen Cloud Build connection to GitHub in var.region (make deploy creates it with gcloud if it is missing, and asks for the browser authorisation)."
  default     = "ghevents-github"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.cloudbuild_connection))
    error_message = "cloudbuild_connection must be a connection name: lowercase letters, digits and hyphens."
  }
}

variable "dashboard_image_tag" {
  type        = string
  description = "Tag of the dashboard image in the Artifact Registry repository."
  default     = "latest"
}

variable "dashboard_invokers" {
  type        = list(string)
  description = "Who may open the dashboard: IAM members such as user:ana@example.com or group:data@example.com. Never public."
  default     = []

  validation {
    condition     = alltrue([for m in var.dashboard_invokers : can(regex("^(user|group|serviceAccount|domain):", m))])
    error_message = "dashboard_invokers must be user:, group:, serviceAccount: or domain: members; allUsers and allAuthenticatedUsers are refused."
  }
}

variable "notification_channels" {
  type        = list(string)
  description = "Cloud Monitoring notification channel ids (projects/P/notificationChannels/N) that receive the alerts."
  default     = []
}

variable "no_load_alert_hours" {
  type        = number
  description = "Alert when no hour has been loaded for this many hours."
  default     = 3

  validation {
    condition     = var.no_load_alert_hours >= 2
    error_message = "no_load_alert_hours must be at least 2: one late hour is normal."
  }
}

variable "dataflow_subnet_cidr" {
  type        = string
  description = "IP range of the Dataflow workers' subnet (terraform/network.tf); one address per worker."
  default     = "10.128.0.0/20"

  validation {
    condition     = can(cidrhost(var.dataflow_subnet_cidr, 0))
    error_message = "dataflow_subnet_cidr must be a CIDR range such as 10.128.0.0/20."
  }
}

variable "publish_looks" {
  type        = number
  description = "How many times the hourly launch asks GH Archive whether the newest hour is published before it gives up for that hour (no job is launched; the next hour's launch plans it again)."
  default     = 4

  validation {
    condition     = var.publish_looks >= 1 && var.publish_looks <= 6
    error_message = "publish_looks must be 1 to 6: the last look must come before the next hour's launch."
  }
}

variable "publish_wait_minutes" {
  type        = number
  description = "Minutes between the hourly launch's looks at GH Archive for the newest hour."
  default     = 10

  validation {
    condition     = var.publish_wait_minutes >= 1 && var.publish_wait_minutes <= 15
    error_message = "publish_wait_minutes must be 1 to 15."
  }
}
