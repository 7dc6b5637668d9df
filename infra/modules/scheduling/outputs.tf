output "scheduler_jobs" {
  description = "Cloud Scheduler jobs, keyed by what they start (daily, cart_stream)."
  value = {
    daily       = google_cloud_scheduler_job.daily.id
    cart_stream = google_cloud_scheduler_job.cart_stream.id
  }
}

output "workflow" {
  description = "The daily workflow, projects/P/locations/L/workflows/NAME."
  value       = google_workflows_workflow.default.id
  depends_on  = [google_cloud_run_v2_job_iam_member.invoker, google_cloud_run_v2_job_iam_member.execution_reader]
}
