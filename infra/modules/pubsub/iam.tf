# Resource-level grants of the Pub/Sub service agent, each on the one resource it needs.

# Write rows into the bronze table (and read its metadata): table-level, not dataset or project.
resource "google_bigquery_table_iam_member" "service_agent_writer" {
  project    = local.table.project
  dataset_id = local.table.dataset_id
  table_id   = local.table.table_id
  role       = "roles/bigquery.dataEditor"
  member     = local.service_agent
}

# Forward messages BigQuery keeps refusing to the dead-letter topic.
resource "google_pubsub_topic_iam_member" "service_agent_dead_letter_publisher" {
  project = google_pubsub_topic.dead_letter.project
  topic   = google_pubsub_topic.dead_letter.name
  role    = "roles/pubsub.publisher"
  member  = local.service_agent
}

# Acknowledge the forwarded messages on the source subscription.
resource "google_pubsub_subscription_iam_member" "service_agent_source_subscriber" {
  project      = google_pubsub_subscription.bigquery.project
  subscription = google_pubsub_subscription.bigquery.name
  role         = "roles/pubsub.subscriber"
  member       = local.service_agent
}
