locals {
  apis = toset([
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "bigquerystorage.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudscheduler.googleapis.com",
    "compute.googleapis.com",
    "dataflow.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "pubsub.googleapis.com",
    "run.googleapis.com",
    # The GitHub connection of the dbt builds keeps its token in Secret Manager.
    "secretmanager.googleapis.com",
    "storage.googleapis.com",
    "workflowexecutions.googleapis.com",
    "workflows.googleapis.com",
  ])

  # The data contract's datasets (docs/ARCHITECTURE.md, "The data contract").
  datasets = {
    landing   = "gharchive_landing"
    staging   = "gharchive_staging"
    ops       = "gharchive_ops"
    analytics = "gharchive_analytics"
  }

  registry      = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
  template_spec = "gs://${google_storage_bucket.work.name}/templates/ghevents.json"
  # How a Dataflow launch names the workers' subnet.
  dataflow_subnetwork = "regions/${var.region}/subnetworks/${google_compute_subnetwork.dataflow.name}"
}

resource "google_project_service" "apis" {
  for_each = local.apis

  project = var.project_id
  service = each.value
  # Turning an API off on destroy would break whatever else in the project uses it.
  disable_on_destroy = false
}
