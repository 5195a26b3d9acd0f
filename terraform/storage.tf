# The lake: every hour file as fetched, and each event type's lines. Private, versioned, and moved to
# colder classes as it ages (it is read again only by backfills).
resource "google_storage_bucket" "lake" {
  #checkov:skip=CKV_GCP_62:Access logs of a bucket only the pipeline reads would cost more than they tell; Cloud Audit Logs record data access.
  name                        = "${var.project_id}-${var.name_prefix}-lake"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      age = var.lake_nearline_after_days
    }
    action {
      type          = "SetStorageClass"
      storage_class = "NEARLINE"
    }
  }

  lifecycle_rule {
    condition {
      age = var.lake_coldline_after_days
    }
    action {
      type          = "SetStorageClass"
      storage_class = "COLDLINE"
    }
  }

  lifecycle_rule {
    condition {
      age = var.lake_archive_after_days
    }
    action {
      type          = "SetStorageClass"
      storage_class = "ARCHIVE"
    }
  }

  # Part files of a job that died before joining them (the join deletes them otherwise) are
  # garbage after a week: no job runs that long. Under the lake root the scheduler passes.
  lifecycle_rule {
    condition {
      age            = 7
      matches_prefix = ["gharchive/tmp/"]
    }
    action {
      type = "Delete"
    }
  }

  # A file replaced by a re-fetch keeps its old version for a month, then goes.
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 30
      with_state                 = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle {
    precondition {
      condition     = var.lake_nearline_after_days < var.lake_coldline_after_days && var.lake_coldline_after_days < var.lake_archive_after_days
      error_message = "The lake's storage classes must get colder in order: nearline < coldline < archive days."
    }
  }

  depends_on = [google_project_service.apis]
}

# Templates, Dataflow staging and temp files, and Cloud Build's logs.
resource "google_storage_bucket" "work" {
  #checkov:skip=CKV_GCP_62:Access logs of a bucket of build and temp files would cost more than they tell; Cloud Audit Logs record data access.
  #checkov:skip=CKV_GCP_78:Versioning temp and staging files would only keep garbage; the template spec is rebuilt by make template.
  name                        = "${var.project_id}-${var.name_prefix}-work"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false

  lifecycle_rule {
    condition {
      age            = 7
      matches_prefix = ["temp/", "staging/"]
    }
    action {
      type = "Delete"
    }
  }

  depends_on = [google_project_service.apis]
}
