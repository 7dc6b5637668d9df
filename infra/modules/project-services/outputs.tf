output "services" {
  description = "The enabled API service names."
  value       = [for s in google_project_service.default : s.service]
}
