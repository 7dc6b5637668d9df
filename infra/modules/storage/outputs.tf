output "name" {
  description = "Bucket name."
  value       = google_storage_bucket.default.name
}

output "url" {
  description = "Bucket URL, gs://NAME."
  value       = google_storage_bucket.default.url
}
