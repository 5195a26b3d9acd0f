# One service account per role, each with only what it needs, granted on the narrowest resource.
# No primitive role, no key: Google-run services act as these accounts.

resource "google_service_account" "dataflow" {
  account_id   = "${var.name_prefix}-dataflow"
  display_name = "ghevents Dataflow workers: fetch into the lake, load BigQuery, publish the load"
}

resource "google_service_account" "launcher" {
  account_id   = "${var.name_prefix}-launcher"
  display_name = "ghevents launcher: the hourly Scheduler job and launch workflow run as it"
}

resource "google_service_account" "dbt" {
  account_id   = "${var.name_prefix}-dbt"
  display_name = "ghevents dbt: Cloud Build runs the dbt build after each load as it"
}

resource "google_service_account" "dashboard" {
  account_id   = "${var.name_prefix}-dashboard"
  display_name = "ghevents dashboard: Cloud Run reads the models as it"
}

# Every `gcloud builds submit` of the deployment (the template image and spec, the dashboard image,
# the CI build) runs as this account, not as the project's default Cloud Build account: since 2024
# new projects may not have one with these rights
# (https://cloud.google.com/build/docs/cloud-build-service-account-updates), and a default one
# would hold far more.
resource "google_service_account" "builder" {
  account_id   = "${var.name_prefix}-builder"
  display_name = "ghevents builder: Cloud Build builds and pushes the images and stages the template as it"
}

# --- Dataflow workers ---

# Project-wide by nature: Dataflow grants work items to the project's jobs.
resource "google_project_iam_member" "dataflow_worker" {
  project = var.project_id
  role    = "roles/dataflow.worker"
  member  = "serviceAccount:${google_service_account.dataflow.email}"
}

# BigQuery jobs (the MERGE) are billed to a project: job creation is project-level.
resource "google_project_iam_member" "dataflow_bigquery_jobs" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.dataflow.email}"
}

resource "google_storage_bucket_iam_member" "dataflow_lake" {
  bucket = google_storage_bucket.lake.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.dataflow.email}"
}

# The workers write their staging and temp files; they must not be able to rewrite the template
# spec they are launched from, so their access stops at those two prefixes.
resource "google_storage_bucket_iam_member" "dataflow_work" {
  bucket = google_storage_bucket.work.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.dataflow.email}"

  condition {
    title       = "staging-and-temp-only"
    description = "Dataflow staging and temp files, not the template spec."
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.work.name}/objects/staging/\") || resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.work.name}/objects/temp/\")"
  }
}

resource "google_bigquery_dataset_iam_member" "dataflow_datasets" {
  for_each = {
    landing = google_bigquery_dataset.landing.dataset_id
    staging = google_bigquery_dataset.staging.dataset_id
    ops     = google_bigquery_dataset.ops.dataset_id
  }

  dataset_id = each.value
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.dataflow.email}"
}

resource "google_artifact_registry_repository_iam_member" "dataflow_pulls_template" {
  repository = google_artifact_registry_repository.images.name
  location   = var.region
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:${google_service_account.dataflow.email}"
}

resource "google_pubsub_topic_iam_member" "dataflow_publishes_loads" {
  topic  = google_pubsub_topic.loads.name
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_service_account.dataflow.email}"
}

# --- launcher (Cloud Scheduler) ---

# Launching a Flex Template job is a project-level permission.
resource "google_project_iam_member" "launcher_dataflow" {
  #checkov:skip=CKV_GCP_49:dataflow.developer is the narrowest role that launches a Flex Template job; the launcher may act only as the worker account (launcher_acts_as_dataflow), granted on that account, not the project.
  project = var.project_id
  role    = "roles/dataflow.developer"
  member  = "serviceAccount:${google_service_account.launcher.email}"
}

# The launcher starts jobs that run as the worker account, and nothing else.
resource "google_service_account_iam_member" "launcher_acts_as_dataflow" {
  service_account_id = google_service_account.dataflow.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.launcher.email}"
}

# A launch reads the template spec as the caller; nothing else of the work bucket.
resource "google_storage_bucket_iam_member" "launcher_reads_template" {
  bucket = google_storage_bucket.work.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.launcher.email}"

  condition {
    title       = "template-spec-only"
    description = "The Flex Template spec the hourly launch names."
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.work.name}/objects/templates/\")"
  }
}

# The Scheduler job starts executions of the launch workflow as the launcher; Workflows grants
# invocation only on the project.
resource "google_project_iam_member" "launcher_invokes_workflow" {
  project = var.project_id
  role    = "roles/workflows.invoker"
  member  = "serviceAccount:${google_service_account.launcher.email}"
}

# The workflow (running as the launcher) logs its failed calls.
resource "google_project_iam_member" "launcher_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.launcher.email}"
}

# --- dbt (Cloud Build) ---

resource "google_project_iam_member" "dbt_bigquery_jobs" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.dbt.email}"
}

# A build's logs go to Cloud Logging: a project-level sink.
resource "google_project_iam_member" "dbt_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.dbt.email}"
}

resource "google_bigquery_dataset_iam_member" "dbt_reads" {
  for_each = {
    staging = google_bigquery_dataset.staging.dataset_id
    ops     = google_bigquery_dataset.ops.dataset_id
  }

  dataset_id = each.value
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.dbt.email}"
}

resource "google_bigquery_dataset_iam_member" "dbt_writes_models" {
  dataset_id = google_bigquery_dataset.analytics.dataset_id
  role       = "roles/bigquery.dataEditor"
  member     = "serviceAccount:${google_service_account.dbt.email}"
}

# --- dashboard (Cloud Run) ---

resource "google_project_iam_member" "dashboard_bigquery_jobs" {
  project = var.project_id
  role    = "roles/bigquery.jobUser"
  member  = "serviceAccount:${google_service_account.dashboard.email}"
}

# The pages read only dbt's tables (the health page's ledger figures come through
# metric_data_health_hourly), so nothing in ops.
resource "google_bigquery_dataset_iam_member" "dashboard_reads" {
  dataset_id = google_bigquery_dataset.analytics.dataset_id
  role       = "roles/bigquery.dataViewer"
  member     = "serviceAccount:${google_service_account.dashboard.email}"
}

moved {
  from = google_bigquery_dataset_iam_member.dashboard_reads["analytics"]
  to   = google_bigquery_dataset_iam_member.dashboard_reads
}

# --- builder (Cloud Build) ---

# A build run as a user-specified account must log to Cloud Logging or to a bucket of the user's
# (the build configs say CLOUD_LOGGING_ONLY); writing log entries is project-level.
resource "google_project_iam_member" "builder_logs" {
  project = var.project_id
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.builder.email}"
}

resource "google_artifact_registry_repository_iam_member" "builder_pushes_images" {
  repository = google_artifact_registry_repository.images.name
  location   = var.region
  role       = "roles/artifactregistry.writer"
  member     = "serviceAccount:${google_service_account.builder.email}"
}

# gcloud builds submit uploads the source to the work bucket's source/ (--gcs-source-staging-dir),
# which the build reads; nothing else of the bucket.
resource "google_storage_bucket_iam_member" "builder_reads_source" {
  bucket = google_storage_bucket.work.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.builder.email}"

  condition {
    title       = "source-only"
    description = "The build sources gcloud builds submit uploads."
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.work.name}/objects/source/\")"
  }
}

# The template build writes (and replaces) the Flex Template spec under templates/.
resource "google_storage_bucket_iam_member" "builder_writes_template_spec" {
  bucket = google_storage_bucket.work.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.builder.email}"

  condition {
    title       = "template-spec-only"
    description = "The Flex Template spec, and nothing the jobs write."
    expression  = "resource.name.startsWith(\"projects/_/buckets/${google_storage_bucket.work.name}/objects/templates/\")"
  }
}
