# When the jobs run. Daily: a Cloud Scheduler job starts a workflow that runs the
# batch-ingest job, waits for it, and only when it succeeded runs the full dbt build,
# so `dbt build` always sees that day's load and never runs after a failed one. Every
# N minutes: a second scheduler job starts the dbt job of the cart_stream selector
# directly (it reads what the BigQuery subscription streams in, not the batch).
# Why a workflow and not a schedule offset: infra/README.md, "Deploying the pipeline".

locals {
  run_jobs_uri = "https://run.googleapis.com/v2/projects/${var.project_id}/locations/${var.location}/jobs"
  cart_stream_cron = (
    var.cart_stream_every_minutes == 60 ? "0 * * * *" : "*/${var.cart_stream_every_minutes} * * * *"
  )

  # The workflow, as YAML. Each connector call starts a job and waits until its
  # execution ends; a failed execution raises (and the checks below make sure of it),
  # so the dbt build never runs after a failed batch. $${...} is a Workflows expression.
  run_job = { for key in ["batch", "dbt_build"] : key => {
    call = "googleapis.run.v1.namespaces.jobs.run"
    args = {
      name             = "namespaces/${var.project_id}/jobs/${var.jobs[key]}"
      location         = var.location
      body             = {}
      connector_params = { timeout = var.job_timeout_seconds }
    }
    result = "${key}_execution"
  } }
  workflow = {
    main = {
      steps = [
        { batch_ingest = local.run_job.batch },
        { check_batch = { switch = [{
          condition = "$${default(map.get(batch_execution, [\"status\", \"failedCount\"]), 0) > 0}"
          raise     = "${var.jobs.batch} failed: dbt build skipped"
        }] } },
        { dbt_build = local.run_job.dbt_build },
        { check_dbt_build = { switch = [{
          condition = "$${default(map.get(dbt_build_execution, [\"status\", \"failedCount\"]), 0) > 0}"
          raise     = "${var.jobs.dbt_build} failed"
        }] } },
        { done = { return = {
          batch     = "$${batch_execution.metadata.name}"
          dbt_build = "$${dbt_build_execution.metadata.name}"
        } } },
      ]
    }
  }
}

resource "google_workflows_workflow" "default" {
  project             = var.project_id
  region              = var.location
  name                = "${var.name_prefix}-daily"
  description         = "Runs ${var.jobs.batch} and, once it succeeded, ${var.jobs.dbt_build}."
  service_account     = var.invoker_service_account
  call_log_level      = "LOG_ERRORS_ONLY"
  labels              = var.labels
  deletion_protection = var.deletion_protection
  source_contents     = yamlencode(local.workflow)
}

# Daily: start the workflow (Workflow Executions API) as the invoker service account.
resource "google_cloud_scheduler_job" "daily" {
  project          = var.project_id
  region           = var.location
  name             = "${var.name_prefix}-daily"
  description      = "Starts workflow ${google_workflows_workflow.default.name}: batch-ingest, then dbt build."
  schedule         = var.batch_schedule
  time_zone        = var.time_zone
  paused           = var.paused
  attempt_deadline = "60s"

  retry_config {
    retry_count          = 2
    min_backoff_duration = "60s"
  }

  http_target {
    http_method = "POST"
    uri         = "https://workflowexecutions.googleapis.com/v1/${google_workflows_workflow.default.id}/executions"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode(jsonencode({ argument = "{}", callLogLevel = "LOG_ERRORS_ONLY" }))
    oauth_token {
      service_account_email = var.invoker_service_account
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_cloud_run_v2_job_iam_member.invoker, google_cloud_run_v2_job_iam_member.execution_reader]
}

# Every N minutes: run the cart_stream dbt job (Cloud Run Admin API jobs.run).
resource "google_cloud_scheduler_job" "cart_stream" {
  project          = var.project_id
  region           = var.location
  name             = "${var.name_prefix}-cart-stream"
  description      = "Runs ${var.jobs.dbt_cart_stream} (dbt build --selector cart_stream) every ${var.cart_stream_every_minutes} minutes."
  schedule         = local.cart_stream_cron
  time_zone        = var.time_zone
  paused           = var.paused
  attempt_deadline = "60s"

  # A missed run is made up by the next one, minutes later.
  retry_config {
    retry_count = 0
  }

  http_target {
    http_method = "POST"
    uri         = "${local.run_jobs_uri}/${var.jobs.dbt_cart_stream}:run"
    headers     = { "Content-Type" = "application/json" }
    body        = base64encode("{}")
    oauth_token {
      service_account_email = var.invoker_service_account
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  depends_on = [google_cloud_run_v2_job_iam_member.invoker]
}
