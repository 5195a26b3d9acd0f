# The Flex Template launcher image and the dashboard image.
resource "google_artifact_registry_repository" "images" {
  #checkov:skip=CKV_GCP_84:The images hold this open-source code only; Google-managed encryption is enough.
  repository_id = var.name_prefix
  location      = var.region
  format        = "DOCKER"
  description   = "ghevents: the Flex Template launcher image and the dashboard image."

  depends_on = [google_project_service.apis]
}
