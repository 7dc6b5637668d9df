variable "project_id" {
  description = "Project to enable the APIs in."
  type        = string
}

variable "services" {
  description = "API service names, e.g. bigquery.googleapis.com."
  type        = list(string)
  nullable    = false
  validation {
    condition     = alltrue([for s in var.services : can(regex("^[a-z0-9-]+\\.googleapis\\.com$", s))])
    error_message = "Each service must be an API name such as bigquery.googleapis.com."
  }
}
