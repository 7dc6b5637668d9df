output "bronze_table_ids" {
  description = "Bronze tables, project.dataset.table, keyed by table id."
  value       = module.bigquery.table_ids
}

output "bucket_name" {
  description = "Raw lake bucket (GCS_BUCKET_NAME)."
  value       = module.storage.name
}

output "bucket_url" {
  description = "Raw lake bucket URL, gs://NAME."
  value       = module.storage.url
}

output "commands" {
  description = "The exact commands to check the setup and run each tool against this project, from the repository root (key files are optional: see infra/README.md)."
  value = {
    enable_apis   = "gcp-bootstrap enable-apis --project-id ${var.project_id}"
    doctor        = "gcp-bootstrap doctor --project-id ${var.project_id} --bucket-name ${module.storage.name} --dataset-id ${module.bigquery.dataset_ids["bronze"]} --silver-dataset-id ${module.bigquery.dataset_ids["silver"]} --gold-dataset-id ${module.bigquery.dataset_ids["gold"]} --topic ${module.pubsub.topic_name}"
    batch_ingest  = "GOOGLE_APPLICATION_CREDENTIALS=credentials/${local.service_accounts.batch}.json batch-ingest --project-id ${var.project_id} --bucket-name ${module.storage.name} --dataset-id ${module.bigquery.dataset_ids["bronze"]}"
    cart_streamer = "GOOGLE_APPLICATION_CREDENTIALS=credentials/${local.service_accounts.streamer}.json cart-streamer --project-id ${var.project_id} --topic ${module.pubsub.topic_name}"
    replay_dlq    = "GOOGLE_APPLICATION_CREDENTIALS=credentials/${local.service_accounts.streamer}.json cart-streamer replay-dlq --project-id ${var.project_id} --topic ${module.pubsub.topic_name}"
    dbt           = "GOOGLE_APPLICATION_CREDENTIALS=credentials/${local.service_accounts.dbt}.json GCP_PROJECT_ID=${var.project_id} GCP_REGION=${var.region} BQ_DATASET=${module.bigquery.dataset_ids["bronze"]} BQ_SILVER_DATASET=${module.bigquery.dataset_ids["silver"]} BQ_GOLD_DATASET=${module.bigquery.dataset_ids["gold"]} dbt build --project-dir dbt --profiles-dir dbt --target bigquery"
    key_batch     = "gcloud iam service-accounts keys create credentials/${local.service_accounts.batch}.json --iam-account ${module.iam.emails[local.service_accounts.batch]} && chmod 600 credentials/${local.service_accounts.batch}.json"
    key_streamer  = "gcloud iam service-accounts keys create credentials/${local.service_accounts.streamer}.json --iam-account ${module.iam.emails[local.service_accounts.streamer]} && chmod 600 credentials/${local.service_accounts.streamer}.json"
    key_dbt       = "gcloud iam service-accounts keys create credentials/${local.service_accounts.dbt}.json --iam-account ${module.iam.emails[local.service_accounts.dbt]} && chmod 600 credentials/${local.service_accounts.dbt}.json"
    dead_letters  = "gcloud pubsub subscriptions pull ${module.pubsub.dead_letter_subscription_id} --limit 10"
  }
}

output "dataset_ids" {
  description = "BigQuery datasets, keyed by layer (bronze, silver, gold)."
  value       = module.bigquery.dataset_ids
}

output "dead_letter_topic_id" {
  description = "Topic of the messages the BigQuery subscription could not write."
  value       = module.pubsub.dead_letter_topic_id
}

output "deployment" {
  description = "The deployed pipeline (null while var.deployment.enabled is false): the image repository, the workloads, and the commands to push, run and watch them."
  value = !local.deploy ? null : {
    repository              = module.artifact_registry[0].url
    region                  = local.deploy_region
    image                   = var.deployment.image
    invoker_service_account = one(module.deployment_iam[*].emails[local.invoker_service_account])
    jobs                    = { for key, job in module.jobs : key => job.name }
    streamer = !local.deploy_runtime ? null : {
      service    = module.cart_streamer[0].name
      uri        = module.cart_streamer[0].uri
      state_file = module.cart_streamer[0].state_file
    }
    workflow       = one(module.scheduling[*].workflow)
    scheduler_jobs = one(module.scheduling[*].scheduler_jobs)
    alert_policies = one(module.monitoring[*].alert_policies)
    commands = {
      docker_login   = "gcloud auth configure-docker ${local.deploy_region}-docker.pkg.dev"
      push           = "docker tag fakestore-elt ${module.artifact_registry[0].url}/fakestore-elt:TAG && docker push ${module.artifact_registry[0].url}/fakestore-elt:TAG"
      run_daily_now  = "gcloud workflows run ${var.name_prefix}-daily --location ${local.deploy_region} --project ${var.project_id}"
      run_batch_now  = "gcloud run jobs execute ${var.name_prefix}-batch-ingest --region ${local.deploy_region} --project ${var.project_id} --wait"
      streamer_logs  = "gcloud run services logs read ${var.name_prefix}-cart-streamer --region ${local.deploy_region} --project ${var.project_id}"
      streamer_proxy = "gcloud run services proxy ${var.name_prefix}-cart-streamer --region ${local.deploy_region} --project ${var.project_id} --port 8080   # then curl localhost:8080/healthz and /metrics"
    }
  }
}

output "env" {
  description = "Lines for .env (the tools read them; see .env.example)."
  value       = <<-EOT
    GCP_PROJECT_ID=${var.project_id}
    GCP_REGION=${var.region}
    BQ_DATASET=${module.bigquery.dataset_ids["bronze"]}
    BQ_SILVER_DATASET=${module.bigquery.dataset_ids["silver"]}
    BQ_GOLD_DATASET=${module.bigquery.dataset_ids["gold"]}
    GCS_BUCKET_NAME=${module.storage.name}
    PUBSUB_TOPIC=${module.pubsub.topic_name}
  EOT
}

output "pubsub_service_agent" {
  description = "The project's Pub/Sub service agent, which writes cart_events_raw in the bronze dataset and forwards dead letters."
  value       = module.pubsub.service_agent
}

output "service_account_emails" {
  description = "Service accounts of the tools, keyed by role (batch, streamer, dbt)."
  value       = { for role, id in local.service_accounts : role => module.iam.emails[id] }
}

output "subscription_ids" {
  description = "The BigQuery subscription and the dead-letter pull subscription."
  value = {
    bigquery    = module.pubsub.bigquery_subscription_id
    dead_letter = module.pubsub.dead_letter_subscription_id
  }
}

output "topic_id" {
  description = "Cart event topic, projects/P/topics/NAME."
  value       = module.pubsub.topic_id
}

output "topic_name" {
  description = "Cart event topic name (the streamer's --topic)."
  value       = module.pubsub.topic_name
}
