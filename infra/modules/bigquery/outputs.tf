output "dataset_ids" {
  description = "Dataset ids, keyed by the keys of `datasets` (the layers)."
  value       = { for k, d in google_bigquery_dataset.default : k => d.dataset_id }
}

output "table_ids" {
  description = "Fully qualified table ids (project.dataset.table), keyed by table id."
  value       = { for k, t in google_bigquery_table.default : k => "${t.project}.${t.dataset_id}.${t.table_id}" }
}

output "tables" {
  description = "Table coordinates, keyed by table id, for IAM bindings and subscriptions."
  value = {
    for k, t in google_bigquery_table.default : k => {
      project    = t.project
      dataset_id = t.dataset_id
      table_id   = t.table_id
    }
  }
}
