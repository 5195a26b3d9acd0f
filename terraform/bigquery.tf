# The datasets of the data contract. The pipeline creates its tables (partitioned and clustered) in
# them on its first run, so table definitions live in one place, the code.
resource "google_bigquery_dataset" "landing" {
  #checkov:skip=CKV_GCP_81:GH Archive is public data; Google-managed encryption is enough, and a customer key would add a KMS key to rotate and pay for.
  dataset_id  = local.datasets.landing
  location    = var.bigquery_location
  description = "Landing rows of each run, per event type; merged into staging by the run's commit and expired after a few days."
  # Landing rows are never deleted by DML (the Storage Write API's buffer forbids it): they expire.
  default_partition_expiration_ms = var.landing_partition_expiration_days * 24 * 60 * 60 * 1000
  delete_contents_on_destroy      = false

  depends_on = [google_project_service.apis]
}

resource "google_bigquery_dataset" "staging" {
  #checkov:skip=CKV_GCP_81:GH Archive is public data; Google-managed encryption is enough, and a customer key would add a KMS key to rotate and pay for.
  dataset_id                 = local.datasets.staging
  location                   = var.bigquery_location
  description                = "One table per event type, one row per GitHub event id, never rewritten."
  delete_contents_on_destroy = false

  depends_on = [google_project_service.apis]
}

resource "google_bigquery_dataset" "ops" {
  #checkov:skip=CKV_GCP_81:GH Archive is public data; Google-managed encryption is enough, and a customer key would add a KMS key to rotate and pay for.
  dataset_id                 = local.datasets.ops
  location                   = var.bigquery_location
  description                = "The ingest ledger, the dead letters and the per-run counts."
  delete_contents_on_destroy = false

  depends_on = [google_project_service.apis]
}

resource "google_bigquery_dataset" "analytics" {
  #checkov:skip=CKV_GCP_81:GH Archive is public data; Google-managed encryption is enough, and a customer key would add a KMS key to rotate and pay for.
  dataset_id                 = local.datasets.analytics
  location                   = var.bigquery_location
  description                = "The dbt models: facts, dimensions and metrics."
  delete_contents_on_destroy = false

  depends_on = [google_project_service.apis]
}
