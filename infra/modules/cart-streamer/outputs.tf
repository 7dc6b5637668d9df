output "name" {
  description = "Service name."
  value       = google_cloud_run_v2_service.default.name
}

output "state_file" {
  description = "The streamer's --state-file, gs://BUCKET/PREFIX/FILE."
  value       = local.state_file
  depends_on  = [google_storage_bucket_iam_member.state]
}

output "uri" {
  description = "HTTPS address of the service (/healthz, /metrics; callers need run.invoker)."
  value       = google_cloud_run_v2_service.default.uri
}
