# The raw lake bucket: private by construction (uniform bucket-level access, public
# access prevention enforced), versioned, and tiered to a colder class as it ages.

resource "google_storage_bucket" "default" {
  project                     = var.project_id
  name                        = var.name
  location                    = var.location
  storage_class               = "STANDARD"
  labels                      = var.labels
  force_destroy               = var.force_destroy
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  soft_delete_policy {
    retention_duration_seconds = var.soft_delete_retention_seconds
  }

  dynamic "logging" {
    for_each = var.access_log_bucket == null ? [] : [var.access_log_bucket]
    content {
      log_bucket        = logging.value
      log_object_prefix = var.name
    }
  }

  # Live objects move to a colder class once the lake has loaded them.
  lifecycle_rule {
    condition {
      age                   = var.lifecycle_config.cold_after_days
      with_state            = "LIVE"
      matches_storage_class = ["STANDARD"]
    }
    action {
      type          = "SetStorageClass"
      storage_class = var.lifecycle_config.cold_storage_class
    }
  }

  # Overwritten or deleted objects (noncurrent versions) are kept for a while, then deleted.
  lifecycle_rule {
    condition {
      with_state                 = "ARCHIVED"
      days_since_noncurrent_time = var.lifecycle_config.noncurrent_retention_days
    }
    action {
      type = "Delete"
    }
  }

  # Multipart uploads that never completed are aborted, so their parts stop costing.
  lifecycle_rule {
    condition {
      age = var.lifecycle_config.abort_incomplete_upload_days
    }
    action {
      type = "AbortIncompleteMultipartUpload"
    }
  }
}
