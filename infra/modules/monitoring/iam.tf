# The uptime check calls /healthz as the Monitoring service agent: it may invoke the
# streamer's service, and nothing else.
resource "google_cloud_run_v2_service_iam_member" "uptime_checker" {
  project  = var.project_id
  location = var.location
  name     = var.streamer.service_name
  role     = "roles/run.invoker"
  member   = local.uptime_agent
}
