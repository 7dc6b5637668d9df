# Fakestore ELT on Google Cloud: the raw lake bucket, the bronze/silver/gold datasets,
# the cart event topic with its BigQuery subscription and dead-letter topic, and one
# service account per tool with resource-level grants.

locals {
  labels = merge(var.labels, { app = "fakestore-elt" })

  apis = [
    "bigquery.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "iam.googleapis.com",
    "pubsub.googleapis.com",
    "serviceusage.googleapis.com",
    "storage.googleapis.com",
  ]

  # Keyed by layer; the dataset names come from var.dataset_ids (BQ_DATASET, BQ_SILVER_DATASET,
  # BQ_GOLD_DATASET of the tools and dbt), so module.bigquery.dataset_ids["bronze"] is bronze's name.
  datasets = {
    bronze = {
      dataset_id  = var.dataset_ids.bronze
      description = "Raw records as fetched (record envelopes) and cart events as Pub/Sub wrote them; loaded by batch-ingest and the BigQuery subscription."
    }
    silver = {
      dataset_id  = var.dataset_ids.silver
      description = "Typed, de-duplicated entities built by dbt from bronze."
    }
    gold = {
      dataset_id  = var.dataset_ids.gold
      description = "Star schema and KPI marts built by dbt from silver."
    }
  }

  # One source of truth for the bronze tables: the JSON schema files the TypeScript
  # loaders read (packages/shared-core/schemas/bronze). Change a column there, not here.
  bronze_tables = ["products_raw", "users_raw", "cart_events_raw"]
  bronze = {
    for name in local.bronze_tables :
    name => jsondecode(file("${path.module}/../packages/shared-core/schemas/bronze/${name}.json"))
  }

  service_accounts = {
    batch    = "${var.name_prefix}-batch"
    streamer = "${var.name_prefix}-streamer"
    dbt      = "${var.name_prefix}-dbt"
  }
  dead_letter_topic = "${var.topic_name}-dead-letter"
}

module "project_services" {
  source     = "./modules/project-services"
  count      = var.enable_apis ? 1 : 0
  project_id = var.project_id
  services   = local.apis
}

module "bigquery" {
  source              = "./modules/bigquery"
  project_id          = var.project_id
  location            = var.region
  labels              = local.labels
  deletion_protection = var.deletion_protection
  datasets            = local.datasets
  tables = {
    for name, table in local.bronze : name => {
      dataset     = "bronze"
      description = table.description
      schema      = jsonencode(table.fields)
      clustering  = table.clustering
      time_partitioning = {
        type  = table.timePartitioning.type
        field = table.timePartitioning.field
      }
    }
  }
  depends_on = [module.project_services]
}

module "storage" {
  source           = "./modules/storage"
  project_id       = var.project_id
  name             = var.bucket_name
  location         = var.region
  labels           = local.labels
  lifecycle_config = var.lake_lifecycle
  depends_on       = [module.project_services]
}

module "pubsub" {
  source                        = "./modules/pubsub"
  project_id                    = var.project_id
  topic_name                    = var.topic_name
  dead_letter_topic_name        = local.dead_letter_topic
  dead_letter_subscription_name = "${local.dead_letter_topic}-sub"
  message_retention_duration    = var.message_retention_duration
  labels                        = local.labels
  bigquery_subscription = {
    name                  = "${var.topic_name}-to-bigquery"
    max_delivery_attempts = var.max_delivery_attempts
    table                 = module.bigquery.tables["cart_events_raw"]
  }
  depends_on = [module.project_services]
}

module "iam" {
  source     = "./modules/iam"
  project_id = var.project_id
  service_accounts = {
    (local.service_accounts.batch) = {
      display_name = "fakestore batch-ingest"
      description  = "Writes the raw lake and loads bronze.products_raw / users_raw."
    }
    (local.service_accounts.streamer) = {
      display_name = "fakestore cart-streamer"
      description  = "Publishes cart CloudEvents to the cart event topic."
    }
    (local.service_accounts.dbt) = {
      display_name = "fakestore dbt"
      description  = "Reads bronze, builds silver and gold."
    }
  }
  # BigQuery runs load and query jobs in a project, so jobUser cannot be granted on a
  # dataset: it is the one project-level role, and it reads or writes no data by itself.
  project_roles = {
    (local.service_accounts.batch) = ["roles/bigquery.jobUser"]
    (local.service_accounts.dbt)   = ["roles/bigquery.jobUser"]
  }
  bucket_roles = [
    { service_account = local.service_accounts.batch, bucket = module.storage.name, role = "roles/storage.objectCreator" },
    { service_account = local.service_accounts.batch, bucket = module.storage.name, role = "roles/storage.objectViewer" },
  ]
  dataset_roles = [
    { service_account = local.service_accounts.batch, dataset_id = module.bigquery.dataset_ids["bronze"], role = "roles/bigquery.dataEditor" },
    { service_account = local.service_accounts.dbt, dataset_id = module.bigquery.dataset_ids["bronze"], role = "roles/bigquery.dataViewer" },
    { service_account = local.service_accounts.dbt, dataset_id = module.bigquery.dataset_ids["silver"], role = "roles/bigquery.dataEditor" },
    { service_account = local.service_accounts.dbt, dataset_id = module.bigquery.dataset_ids["gold"], role = "roles/bigquery.dataEditor" },
  ]
  topic_roles = [
    { service_account = local.service_accounts.streamer, topic = module.pubsub.topic_name, role = "roles/pubsub.publisher" },
  ]
  depends_on = [module.project_services]
}
