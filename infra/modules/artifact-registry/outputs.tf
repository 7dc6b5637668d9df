output "id" {
  description = "The repository, projects/P/locations/L/repositories/NAME."
  value       = google_artifact_registry_repository.default.id
}

output "url" {
  description = "Docker address of the repository, LOCATION-docker.pkg.dev/PROJECT/NAME: push IMAGE:TAG under it."
  value       = "${google_artifact_registry_repository.default.location}-docker.pkg.dev/${google_artifact_registry_repository.default.project}/${google_artifact_registry_repository.default.repository_id}"
}
