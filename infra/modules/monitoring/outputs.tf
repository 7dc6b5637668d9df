output "alert_policies" {
  description = "Alert policies, keyed by what they watch (streamer, jobs)."
  value = {
    streamer = google_monitoring_alert_policy.streamer.id
    jobs     = google_monitoring_alert_policy.jobs.id
  }
}

output "uptime_check_id" {
  description = "Id of the uptime check on the streamer's /healthz."
  value       = google_monitoring_uptime_check_config.default.uptime_check_id
}
