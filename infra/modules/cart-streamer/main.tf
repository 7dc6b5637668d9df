# The cart streamer as exactly one always-on Cloud Run instance: min = max = 1, CPU
# allocated all the time (it polls on its own clock, not per request), /healthz as its
# liveness probe, its state in the lake bucket. The instance's own HTTP server
# (--http-port, Cloud Run's PORT) serves /healthz and /metrics; nothing else calls it.
# Why a service and not a worker pool: infra/README.md, "Deploying the pipeline".

locals {
  # The state (manifest, segments, outbox, version mark) in a folder of its own: its listings
  # are recursive, so the event log and dead letters sit beside it, not inside it.
  state_file = "gs://${var.state.bucket}/${var.state.prefix}state/${var.state.file_name}"
  events_dir = "gs://${var.state.bucket}/${var.state.prefix}events"

  # The streamer's flags (design.md, CLI conventions). --http-port is the port Cloud Run
  # routes to and sets as PORT, so the probe, the router and the server agree.
  flags = [
    "--project-id", var.project_id,
    "--topic", var.topic,
    "--state-file", local.state_file,
    "--events-dir", local.events_dir,
    "--poll-interval", tostring(var.poll_interval_seconds),
    "--max-consecutive-failures", tostring(var.max_consecutive_failures),
    "--http-port", tostring(var.port),
  ]
}

resource "google_cloud_run_v2_service" "default" {
  project              = var.project_id
  location             = var.location
  name                 = var.name
  description          = "fakestore cart-streamer: polls /carts, publishes cart CloudEvents to Pub/Sub."
  labels               = var.labels
  deletion_protection  = var.deletion_protection
  invoker_iam_disabled = false
  # Reachable for the uptime check (Google's checkers are outside the project); every
  # request still needs run.invoker on this service (no allUsers).
  ingress = "INGRESS_TRAFFIC_ALL"

  template {
    labels                           = var.labels
    service_account                  = var.service_account
    execution_environment            = "EXECUTION_ENVIRONMENT_GEN2"
    max_instance_request_concurrency = 10

    # Exactly one streamer: two would race on the state (the loser's commit fails its
    # generation precondition and it exits 1), none would stop the events.
    scaling {
      min_instance_count = 1
      max_instance_count = 1
    }

    containers {
      image   = var.image
      command = ["cart-streamer"]
      args    = concat(local.flags, var.extra_args)

      dynamic "env" {
        for_each = var.env
        content {
          name  = env.key
          value = env.value
        }
      }

      ports {
        container_port = var.port
      }

      resources {
        limits = {
          cpu    = var.resources.cpu
          memory = var.resources.memory
        }
        # CPU always allocated (instance-based billing): the poll loop runs between
        # requests; with cpu_idle = true it would be throttled to nothing.
        cpu_idle          = false
        startup_cpu_boost = true
      }

      # Started = the HTTP port is open; the first cycle may still be running.
      startup_probe {
        period_seconds    = 5
        timeout_seconds   = 3
        failure_threshold = 24
        tcp_socket {
          port = var.port
        }
      }

      # /healthz answers 503 once the last successful cycle is older than three poll
      # intervals: after failure_threshold such answers in a row the container restarts.
      liveness_probe {
        period_seconds    = var.liveness.period_seconds
        timeout_seconds   = var.liveness.timeout_seconds
        failure_threshold = var.liveness.failure_threshold
        http_get {
          path = var.health_path
          port = var.port
        }
      }
    }
  }

  traffic {
    type    = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST"
    percent = 100
  }

  # The first cycle reads the state: the grant comes first.
  depends_on = [google_storage_bucket_iam_member.state]
}
