# The Dataflow workers' network: a subnet of their own with no public IPs. Private Google Access
# lets them reach BigQuery, GCS and Pub/Sub; Cloud NAT lets them reach data.gharchive.org, the one
# address outside Google they need. Every launch (Scheduler, make launch, make backfill) names it.
resource "google_compute_network" "dataflow" {
  name                    = "${var.name_prefix}-dataflow"
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

resource "google_compute_subnetwork" "dataflow" {
  name                     = "${var.name_prefix}-dataflow"
  network                  = google_compute_network.dataflow.id
  region                   = var.region
  ip_cidr_range            = var.dataflow_subnet_cidr
  private_ip_google_access = true

  # Flow logs, sampled, so a worker that cannot reach GH Archive can be told from one that is slow.
  log_config {
    aggregation_interval = "INTERVAL_10_MIN"
    flow_sampling        = 0.1
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_router" "dataflow" {
  name    = "${var.name_prefix}-dataflow"
  network = google_compute_network.dataflow.id
  region  = var.region
}

resource "google_compute_router_nat" "dataflow" {
  name                               = "${var.name_prefix}-dataflow"
  router                             = google_compute_router.dataflow.name
  region                             = var.region
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.dataflow.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

# Dataflow workers talk to each other on these ports (shuffle and the worker harness); nothing
# else may come in.
resource "google_compute_firewall" "dataflow_workers" {
  name        = "${var.name_prefix}-dataflow-workers"
  network     = google_compute_network.dataflow.id
  direction   = "INGRESS"
  source_tags = ["dataflow"]
  target_tags = ["dataflow"]

  allow {
    protocol = "tcp"
    ports    = ["12345-12346"]
  }
}
