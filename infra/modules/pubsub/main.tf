# The cart event topic, its BigQuery subscription into bronze, and the dead-letter
# topic that catches what BigQuery refuses, with a pull subscription to inspect and
# replay it. The Pub/Sub service agent's grants are in iam.tf.

data "google_project" "default" {
  project_id = var.project_id
}

locals {
  # Google creates this identity when the Pub/Sub API is enabled; it writes to BigQuery
  # and forwards dead letters for every subscription of the project.
  service_agent = "serviceAccount:service-${data.google_project.default.number}@gcp-sa-pubsub.iam.gserviceaccount.com"
  table         = var.bigquery_subscription.table
}

resource "google_pubsub_topic" "default" {
  #checkov:skip=CKV_GCP_83:Google-managed encryption at rest; public demo data, no CMEK key ring in this project (see infra/README.md).
  project                    = var.project_id
  name                       = var.topic_name
  labels                     = var.labels
  message_retention_duration = var.message_retention_duration
}

resource "google_pubsub_topic" "dead_letter" {
  #checkov:skip=CKV_GCP_83:Google-managed encryption at rest; public demo data, no CMEK key ring in this project (see infra/README.md).
  project                    = var.project_id
  name                       = var.dead_letter_topic_name
  labels                     = var.labels
  message_retention_duration = var.message_retention_duration
}

# Messages published to a topic without subscriptions are lost: the dead-letter topic
# always has this one, pulled by an operator (or replayed) after a fix.
resource "google_pubsub_subscription" "dead_letter" {
  project                    = var.project_id
  name                       = var.dead_letter_subscription_name
  topic                      = google_pubsub_topic.dead_letter.id
  labels                     = var.labels
  ack_deadline_seconds       = 60
  message_retention_duration = "604800s"
  retain_acked_messages      = false

  expiration_policy {
    ttl = ""
  }
}

resource "google_pubsub_subscription" "bigquery" {
  project = var.project_id
  name    = var.bigquery_subscription.name
  topic   = google_pubsub_topic.default.id
  labels  = var.labels

  bigquery_config {
    table               = "${local.table.project}.${local.table.dataset_id}.${local.table.table_id}"
    use_table_schema    = false
    use_topic_schema    = false
    write_metadata      = true
    drop_unknown_fields = false
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = var.bigquery_subscription.max_delivery_attempts
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  expiration_policy {
    ttl = ""
  }

  # Pub/Sub checks at creation that its service agent may write the table.
  depends_on = [google_bigquery_table_iam_member.service_agent_writer]
}
