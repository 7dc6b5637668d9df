output "id" {
  description = "The job, projects/P/locations/L/jobs/NAME."
  value       = google_cloud_run_v2_job.default.id
}

output "name" {
  description = "Job name."
  value       = google_cloud_run_v2_job.default.name
}
