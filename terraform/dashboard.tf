# The dashboard on Cloud Run, private: only var.dashboard_invokers may call it.
resource "google_cloud_run_v2_service" "dashboard" {
  name                = "${var.name_prefix}-dashboard"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = false

  template {
    service_account = google_service_account.dashboard.email

    scaling {
      min_instance_count = 0
      max_instance_count = 2
    }

    containers {
      image = "${local.registry}/dashboard:${var.dashboard_image_tag}"

      env {
        name  = "GHEVENTS_BACKEND"
        value = "bigquery"
      }

      env {
        name  = "GCP_PROJECT"
        value = var.project_id
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "1Gi"
        }
      }
    }
  }

  depends_on = [google_project_service.apis]
}

resource "google_cloud_run_v2_service_iam_member" "dashboard_invokers" {
  for_each = toset(var.dashboard_invokers)

  name     = google_cloud_run_v2_service.dashboard.name
  location = var.region
  role     = "roles/run.invoker"
  member   = each.value
}
