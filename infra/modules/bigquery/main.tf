# Datasets and tables of the medallion warehouse. Table schemas arrive as JSON text
# (BigQuery JSON-schema form), so the caller can read them from the same files the
# loaders use instead of repeating them here.

resource "google_bigquery_dataset" "default" {
  #checkov:skip=CKV_GCP_81:Google-managed encryption at rest; public demo data, no CMEK key ring in this project (see infra/README.md).
  for_each      = var.datasets
  project       = var.project_id
  dataset_id    = each.value.dataset_id
  friendly_name = each.value.dataset_id
  description   = each.value.description
  location      = var.location
  labels        = merge(var.labels, { layer = each.key })
  # Destroying a dataset that still has tables fails unless protection is off.
  delete_contents_on_destroy = !var.deletion_protection
  max_time_travel_hours      = each.value.max_time_travel_hours
}

resource "google_bigquery_table" "default" {
  #checkov:skip=CKV_GCP_80:Google-managed encryption at rest; public demo data, no CMEK key ring in this project (see infra/README.md).
  for_each            = var.tables
  project             = var.project_id
  dataset_id          = google_bigquery_dataset.default[each.value.dataset].dataset_id
  table_id            = each.key
  description         = each.value.description
  labels              = merge(var.labels, { layer = each.value.dataset })
  schema              = each.value.schema
  clustering          = each.value.clustering
  deletion_protection = var.deletion_protection

  time_partitioning {
    type  = each.value.time_partitioning.type
    field = each.value.time_partitioning.field
  }
}
