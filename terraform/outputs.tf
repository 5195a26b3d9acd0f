output "lake_bucket" {
  description = "The lake: gs:// path the hourly run writes to."
  value       = "gs://${google_storage_bucket.lake.name}/gharchive"
}

output "work_bucket" {
  description = "The bucket of the template spec, Dataflow staging and temp files (TEMPLATE_BUCKET of make template)."
  value       = google_storage_bucket.work.name
}

output "template_spec" {
  description = "Where make template stages the Flex Template spec."
  value       = local.template_spec
}

output "image_repository" {
  description = "The Artifact Registry repository of the template and dashboard images."
  value       = local.registry
}

output "dataflow_service_account" {
  description = "The Dataflow workers' service account (WORKER_SA of make launch)."
  value       = google_service_account.dataflow.email
}

output "loads_topic" {
  description = "The Pub/Sub topic a successful load publishes to."
  value       = google_pubsub_topic.loads.id
}

output "dashboard_url" {
  description = "The private dashboard's URL (for the members of dashboard_invokers)."
  value       = google_cloud_run_v2_service.dashboard.uri
}

output "dataflow_subnetwork" {
  description = "The Dataflow workers' subnet, as a launch names it (SUBNETWORK of make launch and make backfill)."
  value       = local.dataflow_subnetwork
}

output "builder_service_account" {
  description = "The account every gcloud builds submit of the deployment runs as (BUILD_SA of make template)."
  value       = google_service_account.builder.email
}
