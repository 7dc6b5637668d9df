# Service accounts of the pipeline tools and their grants, each on the narrowest
# resource that works: bucket, dataset or topic. The only project-level grants
# allowed are the ones a resource cannot carry (BigQuery jobs run in a project).

locals {
  members = { for k, sa in google_service_account.default : k => "serviceAccount:${sa.email}" }

  project_grants = merge([
    for sa, roles in var.project_roles : { for role in roles : "${sa}/${role}" => { sa = sa, role = role } }
  ]...)
  bucket_grants  = { for g in var.bucket_roles : "${g.service_account}/${g.bucket}/${g.role}" => g }
  dataset_grants = { for g in var.dataset_roles : "${g.service_account}/${g.dataset_id}/${g.role}" => g }
  topic_grants   = { for g in var.topic_roles : "${g.service_account}/${g.topic}/${g.role}" => g }
}

resource "google_service_account" "default" {
  for_each     = var.service_accounts
  project      = var.project_id
  account_id   = each.key
  display_name = each.value.display_name
  description  = each.value.description
}

resource "google_project_iam_member" "default" {
  for_each = local.project_grants
  project  = var.project_id
  role     = each.value.role
  member   = local.members[each.value.sa]
}

resource "google_storage_bucket_iam_member" "default" {
  for_each = local.bucket_grants
  bucket   = each.value.bucket
  role     = each.value.role
  member   = local.members[each.value.service_account]
}

resource "google_bigquery_dataset_iam_member" "default" {
  for_each   = local.dataset_grants
  project    = var.project_id
  dataset_id = each.value.dataset_id
  role       = each.value.role
  member     = local.members[each.value.service_account]
}

resource "google_pubsub_topic_iam_member" "default" {
  for_each = local.topic_grants
  project  = var.project_id
  topic    = each.value.topic
  role     = each.value.role
  member   = local.members[each.value.service_account]
}
