# Alerts on the deployed pipeline. The streamer's health: an uptime check calls its
# /healthz through Cloud Run (authenticated as the Monitoring service agent) every
# minute, and a policy fires when it fails from several checker regions for `duration`.
# /healthz fails when no cycle succeeded for three poll intervals, and when the
# instance is down or restarting in a loop. The jobs: a policy fires on any failed
# execution of the batch or dbt jobs.

data "google_project" "default" {
  project_id = var.project_id
}

locals {
  # Google creates this identity with the Monitoring API; uptime checks with
  # service-agent authentication send its OIDC token.
  uptime_agent = "serviceAccount:service-${data.google_project.default.number}@gcp-sa-monitoring-notification.iam.gserviceaccount.com"
  channels     = concat(var.notification_channels, [for c in google_monitoring_notification_channel.email : c.id])
}

resource "google_monitoring_notification_channel" "email" {
  for_each     = toset(var.notification_emails)
  project      = var.project_id
  display_name = "fakestore-elt alerts: ${each.value}"
  type         = "email"
  labels       = { email_address = each.value }
  user_labels  = var.labels
}

resource "google_monitoring_uptime_check_config" "default" {
  project            = var.project_id
  display_name       = "${var.streamer.service_name} /healthz"
  period             = "60s"
  timeout            = "10s"
  log_check_failures = true
  user_labels        = var.labels

  http_check {
    path           = var.streamer.health_path
    port           = 443
    use_ssl        = true
    validate_ssl   = true
    request_method = "GET"
    accepted_response_status_codes {
      status_class = "STATUS_CLASS_2XX"
    }
    service_agent_authentication {
      type = "OIDC_TOKEN"
    }
  }

  monitored_resource {
    type = "cloud_run_revision"
    labels = {
      project_id   = var.project_id
      location     = var.location
      service_name = var.streamer.service_name
    }
  }

  depends_on = [google_cloud_run_v2_service_iam_member.uptime_checker]
}

resource "google_monitoring_alert_policy" "streamer" {
  project               = var.project_id
  display_name          = "${var.streamer.service_name} unhealthy"
  combiner              = "OR"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "${var.streamer.health_path} failing"
    condition_threshold {
      filter          = "metric.type=\"monitoring.googleapis.com/uptime_check/check_passed\" AND metric.label.check_id=\"${google_monitoring_uptime_check_config.default.uptime_check_id}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 1
      duration        = "${var.streamer.unhealthy_for_seconds}s"
      aggregations {
        alignment_period     = "1200s"
        per_series_aligner   = "ALIGN_NEXT_OLDER"
        cross_series_reducer = "REDUCE_COUNT_FALSE"
        group_by_fields      = ["resource.label.*"]
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "1800s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = <<-EOT
      The cart streamer (Cloud Run service `${var.streamer.service_name}`) fails `${var.streamer.health_path}`:
      no successful cycle for three poll intervals (the API or Pub/Sub is down, or credentials broke), or the
      instance is not running. Its logs: `gcloud run services logs read ${var.streamer.service_name} --region ${var.location}`.
      /metrics shows cycles by outcome. See infra/README.md, "Troubleshooting".
    EOT
  }
}

resource "google_monitoring_alert_policy" "jobs" {
  project               = var.project_id
  display_name          = "fakestore-elt job failed"
  combiner              = "OR"
  notification_channels = local.channels
  user_labels           = var.labels

  conditions {
    display_name = "failed execution of ${join(", ", var.jobs)}"
    condition_threshold {
      filter          = "metric.type=\"run.googleapis.com/job/completed_execution_count\" AND metric.label.result=\"failed\" AND resource.type=\"cloud_run_job\" AND resource.label.job_name=one_of(${join(", ", [for j in var.jobs : "\"${j}\""])})"
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period     = "300s"
        per_series_aligner   = "ALIGN_SUM"
        cross_series_reducer = "REDUCE_SUM"
        group_by_fields      = ["resource.label.job_name"]
      }
      trigger {
        count = 1
      }
    }
  }

  alert_strategy {
    auto_close = "86400s"
  }

  documentation {
    mime_type = "text/markdown"
    content   = <<-EOT
      A Cloud Run job of the pipeline failed (after its retries). A failed batch also stops that day's
      dbt build (the workflow runs it only after a successful batch). Executions and their logs:
      `gcloud run jobs executions list --region ${var.location}`. See infra/README.md, "Troubleshooting".
    EOT
  }
}
