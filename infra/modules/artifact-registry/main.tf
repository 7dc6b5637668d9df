# The Docker repository the pipeline's image is pushed to and Cloud Run pulls from.
# Cloud Run's service agent reads repositories of its own project without a grant;
# pushing is for the person or CI that builds the image (roles/artifactregistry.writer,
# granted outside this configuration).

resource "google_artifact_registry_repository" "default" {
  #checkov:skip=CKV_GCP_84:Google-managed encryption at rest; the image holds no data or secrets, and CMEK would need a Cloud KMS key ring out of scope here (see infra/README.md).
  project       = var.project_id
  location      = var.location
  repository_id = var.name
  description   = var.description
  format        = "DOCKER"
  labels        = var.labels

  # A tag, once pushed, always names the same image: a deploy is reproducible and a
  # tag cannot be moved under a running service. Deploy by digest all the same.
  docker_config {
    immutable_tags = var.immutable_tags
  }

  # Images nobody can roll back to stop costing: the newest keep_versions stay,
  # anything older than delete_after_days goes (KEEP wins over DELETE).
  cleanup_policy_dry_run = false
  cleanup_policies {
    id     = "keep-recent"
    action = "KEEP"
    most_recent_versions {
      keep_count = var.cleanup.keep_versions
    }
  }
  cleanup_policies {
    id     = "delete-old"
    action = "DELETE"
    condition {
      tag_state  = "ANY"
      older_than = "${var.cleanup.delete_after_days * 86400}s"
    }
  }
}
