# The invoker service account may start exactly the three jobs, and read the two the
# workflow waits for (the connector polls their executions): job-level grants only.
# Starting the workflow needs roles/workflows.invoker, which Workflows grants per
# project only (no per-workflow IAM); the caller grants it through modules/iam.

resource "google_cloud_run_v2_job_iam_member" "invoker" {
  for_each = tomap(var.jobs)
  project  = var.project_id
  location = var.location
  name     = each.value
  role     = "roles/run.invoker"
  member   = "serviceAccount:${var.invoker_service_account}"
}

resource "google_cloud_run_v2_job_iam_member" "execution_reader" {
  for_each = { batch = var.jobs.batch, dbt_build = var.jobs.dbt_build }
  project  = var.project_id
  location = var.location
  name     = each.value
  role     = "roles/run.viewer"
  member   = "serviceAccount:${var.invoker_service_account}"
}
