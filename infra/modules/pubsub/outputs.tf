output "bigquery_subscription_id" {
  description = "The BigQuery subscription, projects/P/subscriptions/NAME."
  value       = google_pubsub_subscription.bigquery.id
  depends_on  = [google_pubsub_subscription_iam_member.service_agent_source_subscriber]
}

output "dead_letter_subscription_id" {
  description = "Pull subscription of the dead-letter topic."
  value       = google_pubsub_subscription.dead_letter.id
}

output "dead_letter_topic_id" {
  description = "The dead-letter topic, projects/P/topics/NAME."
  value       = google_pubsub_topic.dead_letter.id
  depends_on  = [google_pubsub_topic_iam_member.service_agent_dead_letter_publisher]
}

output "service_agent" {
  description = "IAM member of the project's Pub/Sub service agent."
  value       = local.service_agent
}

output "topic_id" {
  description = "The cart event topic, projects/P/topics/NAME."
  value       = google_pubsub_topic.default.id
}

output "topic_name" {
  description = "Name of the cart event topic."
  value       = google_pubsub_topic.default.name
}
