# A Cloud Run job: one container run to completion per execution, as its own service
# account. Who may start it (run.invoker on the job) is granted by the caller, e.g.
# modules/scheduling for the scheduler and the workflow.

resource "google_cloud_run_v2_job" "default" {
  project             = var.project_id
  location            = var.location
  name                = var.name
  labels              = var.labels
  deletion_protection = var.deletion_protection

  template {
    labels      = var.labels
    task_count  = 1
    parallelism = 1

    template {
      service_account       = var.service_account
      timeout               = "${var.timeout_seconds}s"
      max_retries           = var.max_retries
      execution_environment = "EXECUTION_ENVIRONMENT_GEN2"

      containers {
        image   = var.image
        command = var.command
        args    = var.args

        dynamic "env" {
          for_each = var.env
          content {
            name  = env.key
            value = env.value
          }
        }

        resources {
          limits = {
            cpu    = var.resources.cpu
            memory = var.resources.memory
          }
        }
      }
    }
  }
}
