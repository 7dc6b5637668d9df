output "emails" {
  description = "Service account emails, keyed by account id."
  value       = { for k, sa in google_service_account.default : k => sa.email }
  depends_on = [
    google_project_iam_member.default,
    google_storage_bucket_iam_member.default,
    google_bigquery_dataset_iam_member.default,
    google_pubsub_topic_iam_member.default,
  ]
}

output "members" {
  description = "IAM members (serviceAccount:EMAIL), keyed by account id."
  value       = local.members
}
