# Enables the Google APIs the pipeline needs. APIs stay enabled on destroy: other
# workloads in the project may use them, and disabling an API can break them.

resource "google_project_service" "default" {
  for_each                   = toset(var.services)
  project                    = var.project_id
  service                    = each.value
  disable_on_destroy         = false
  disable_dependent_services = false
}
