# The Flex Template launcher image and the dashboard image.
resource "google_artifact_registry_repository" "images" {
  #checkov:skip=CKV_GCP_84:The images hold this open-source code only; Google-managed encryption is enough.
  repository_id = var.name_prefix
  location      = var.region
  format        = "DOCKER"
  description   = "ghevents: the Flex Template launcher image and the dashboard image."

  # Every make template or make deploy pushes an image per commit (about 1 GB for the launcher);
  # the newest five of each image are kept, so the registry's bill does not grow with deploys.
  cleanup_policy_dry_run = false
  cleanup_policies {
    id     = "keep-newest-five"
    action = "KEEP"
    most_recent_versions {
      keep_count = 5
    }
  }
  cleanup_policies {
    id     = "delete-older"
    action = "DELETE"
    condition {
      older_than = "604800s"
    }
  }

  depends_on = [google_project_service.apis]
}
