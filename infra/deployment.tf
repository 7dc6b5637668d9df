# The pipeline deployed on Google Cloud, all of it off by default (var.deployment):
# an Artifact Registry repository for the image; Cloud Run jobs for batch-ingest, the
# full dbt build and the cart_stream dbt selector; a workflow and Cloud Scheduler jobs
# that run them; the cart streamer as one always-on Cloud Run instance with its state
# in the lake bucket; an uptime check and alert policies. Each workload runs as its
# tool's service account (modules/iam above); one more, PREFIX-invoker, starts them.
#
# Two steps: `enabled = true` creates the repository (push the image there), then
# `image = ".../fakestore-elt@sha256:..."` creates the workloads. See infra/README.md.

locals {
  deploy         = var.deployment.enabled
  deploy_runtime = var.deployment.enabled && var.deployment.image != null
  deploy_region  = coalesce(var.deployment.region, var.region)
  deploy_labels  = merge(local.labels, { component = "deployment" })

  deploy_apis = [
    "artifactregistry.googleapis.com",
    "cloudscheduler.googleapis.com",
    "monitoring.googleapis.com",
    "run.googleapis.com",
    "workflowexecutions.googleapis.com",
    "workflows.googleapis.com",
  ]

  # Starts the workflow and the jobs: Cloud Scheduler's OAuth identity and the workflow's.
  invoker_service_account = "${var.name_prefix}-invoker"

  # The dataset batch-ingest loads and dbt reads (BQ_DATASET of the tools).
  deploy_bronze_dataset = module.bigquery.dataset_ids["bronze"]

  # Unset: the tools' default API (fakestoreapi.com).
  deploy_api_env = { for name, value in { FAKESTORE_API_URL = var.deployment.api_url } : name => value if value != null }

  # dbt writes target/ and logs/ next to the project unless told otherwise; the image's
  # project folder is read-only for its unprivileged user, so both go to /tmp.
  deploy_dbt_env = {
    GCP_PROJECT_ID    = var.project_id
    GCP_REGION        = var.region
    BQ_DATASET        = local.deploy_bronze_dataset
    BQ_SILVER_DATASET = module.bigquery.dataset_ids["silver"]
    BQ_GOLD_DATASET   = module.bigquery.dataset_ids["gold"]
    DBT_TARGET_PATH   = "/tmp/dbt/target"
    DBT_LOG_PATH      = "/tmp/dbt/logs"
  }
  deploy_dbt_args = ["--project-dir", var.deployment.dbt.project_dir, "--profiles-dir", var.deployment.dbt.project_dir, "--target", "bigquery"]

  deploy_jobs = {
    batch = {
      name            = "${var.name_prefix}-batch-ingest"
      service_account = local.service_accounts.batch
      command         = ["batch-ingest"]
      args            = ["--project-id", var.project_id, "--bucket-name", module.storage.name, "--dataset-id", local.deploy_bronze_dataset]
      env             = merge(local.deploy_api_env, { PIPELINE_DATA_DIR = "/tmp/fakestore/data" })
      resources       = var.deployment.batch.resources
      timeout_seconds = var.deployment.batch.timeout_seconds
    }
    dbt_build = {
      name            = "${var.name_prefix}-dbt-build"
      service_account = local.service_accounts.dbt
      command         = ["dbt"]
      args            = concat(["build"], local.deploy_dbt_args)
      env             = local.deploy_dbt_env
      resources       = var.deployment.dbt.resources
      timeout_seconds = var.deployment.dbt.timeout_seconds
    }
    dbt_cart_stream = {
      name            = "${var.name_prefix}-dbt-cart-stream"
      service_account = local.service_accounts.dbt
      command         = ["dbt"]
      args            = concat(["build", "--selector", "cart_stream"], local.deploy_dbt_args)
      env             = local.deploy_dbt_env
      resources       = var.deployment.dbt.resources
      timeout_seconds = var.deployment.dbt.timeout_seconds
    }
  }
}

module "deployment_services" {
  source     = "./modules/project-services"
  count      = var.enable_apis && local.deploy ? 1 : 0
  project_id = var.project_id
  services   = local.deploy_apis
}

module "artifact_registry" {
  source     = "./modules/artifact-registry"
  count      = local.deploy ? 1 : 0
  project_id = var.project_id
  location   = local.deploy_region
  name       = var.deployment.repository_id
  labels     = local.deploy_labels
  depends_on = [module.deployment_services]
}

# The invoker's identity. Its one project-level role: Workflows has no per-workflow IAM,
# so roles/workflows.invoker exists only on the project. Its job grants are job-level
# (modules/scheduling/iam.tf).
module "deployment_iam" {
  source     = "./modules/iam"
  count      = local.deploy_runtime ? 1 : 0
  project_id = var.project_id
  service_accounts = {
    (local.invoker_service_account) = {
      display_name = "fakestore scheduler and workflow"
      description  = "Starts the daily workflow and the pipeline's Cloud Run jobs (Cloud Scheduler, Workflows)."
    }
  }
  project_roles = {
    (local.invoker_service_account) = ["roles/workflows.invoker"]
  }
  depends_on = [module.deployment_services]
}

module "jobs" {
  source              = "./modules/cloud-run-job"
  for_each            = { for key, job in local.deploy_jobs : key => job if local.deploy_runtime }
  project_id          = var.project_id
  location            = local.deploy_region
  name                = each.value.name
  image               = var.deployment.image
  service_account     = module.iam.emails[each.value.service_account]
  command             = each.value.command
  args                = each.value.args
  env                 = each.value.env
  resources           = each.value.resources
  timeout_seconds     = each.value.timeout_seconds
  labels              = merge(local.deploy_labels, { tool = replace(each.key, "_", "-") })
  deletion_protection = var.deletion_protection
  depends_on          = [module.deployment_services]
}

module "cart_streamer" {
  source                   = "./modules/cart-streamer"
  count                    = local.deploy_runtime ? 1 : 0
  project_id               = var.project_id
  location                 = local.deploy_region
  name                     = "${var.name_prefix}-cart-streamer"
  image                    = var.deployment.image
  service_account          = module.iam.emails[local.service_accounts.streamer]
  topic                    = module.pubsub.topic_name
  poll_interval_seconds    = var.deployment.streamer.poll_interval_seconds
  max_consecutive_failures = var.deployment.streamer.max_consecutive_failures
  extra_args               = var.deployment.streamer.extra_args
  env                      = local.deploy_api_env
  resources                = var.deployment.streamer.resources
  state = {
    bucket = module.storage.name
    prefix = var.deployment.streamer.state_prefix
  }
  labels              = merge(local.deploy_labels, { tool = "cart-streamer" })
  deletion_protection = var.deletion_protection
  depends_on          = [module.deployment_services]
}

module "scheduling" {
  source                    = "./modules/scheduling"
  count                     = local.deploy_runtime ? 1 : 0
  project_id                = var.project_id
  location                  = local.deploy_region
  name_prefix               = var.name_prefix
  invoker_service_account   = module.deployment_iam[0].emails[local.invoker_service_account]
  jobs                      = { for key, job in module.jobs : key => job.name }
  batch_schedule            = var.deployment.schedules.batch
  cart_stream_every_minutes = var.deployment.schedules.cart_stream_every_minutes
  time_zone                 = var.deployment.schedules.time_zone
  paused                    = var.deployment.schedules.paused
  labels                    = local.deploy_labels
  deletion_protection       = var.deletion_protection
}

module "monitoring" {
  source                = "./modules/monitoring"
  count                 = local.deploy_runtime ? 1 : 0
  project_id            = var.project_id
  location              = local.deploy_region
  streamer              = { service_name = module.cart_streamer[0].name, unhealthy_for_seconds = var.deployment.alerts.unhealthy_for_seconds }
  jobs                  = [for job in module.jobs : job.name]
  notification_channels = var.deployment.alerts.notification_channels
  notification_emails   = var.deployment.alerts.notification_emails
  labels                = local.deploy_labels
  depends_on            = [module.deployment_services]
}
