variable "bucket_roles" {
  description = "Bucket-level grants: service account key, bucket name, role."
  type = list(object({
    service_account = string
    bucket          = string
    role            = string
  }))
  default  = []
  nullable = false
  validation {
    condition     = alltrue([for g in var.bucket_roles : !can(regex("(?i)admin|^roles/(owner|editor|viewer)$", g.role))])
    error_message = "No admin or primitive (owner/editor/viewer) roles: grant the narrowest predefined role."
  }
}

variable "dataset_roles" {
  description = "Dataset-level grants: service account key, dataset id, role."
  type = list(object({
    service_account = string
    dataset_id      = string
    role            = string
  }))
  default  = []
  nullable = false
  validation {
    condition     = alltrue([for g in var.dataset_roles : !can(regex("(?i)admin|^roles/(owner|editor|viewer)$", g.role))])
    error_message = "No admin or primitive (owner/editor/viewer) roles: grant the narrowest predefined role."
  }
}

variable "project_id" {
  description = "Project of the service accounts and of the project-level grants."
  type        = string
}

variable "project_roles" {
  description = "Project-level roles per service account key. Only for what no resource can carry, e.g. roles/bigquery.jobUser (jobs belong to a project)."
  type        = map(list(string))
  default     = {}
  nullable    = false
  validation {
    condition     = alltrue(flatten([for roles in values(var.project_roles) : [for r in roles : !can(regex("(?i)admin|^roles/(owner|editor|viewer)$", r))]]))
    error_message = "No admin or primitive (owner/editor/viewer) roles at project level."
  }
}

variable "service_accounts" {
  description = "Service accounts to create, keyed by account id (6-30 characters)."
  type = map(object({
    display_name = string
    description  = string
  }))
  nullable = false
  validation {
    condition     = alltrue([for id in keys(var.service_accounts) : can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", id))])
    error_message = "Account ids must be 6-30 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "topic_roles" {
  description = "Topic-level grants: service account key, topic name, role."
  type = list(object({
    service_account = string
    topic           = string
    role            = string
  }))
  default  = []
  nullable = false
  validation {
    condition     = alltrue([for g in var.topic_roles : !can(regex("(?i)admin|^roles/(owner|editor|viewer)$", g.role))])
    error_message = "No admin or primitive (owner/editor/viewer) roles: grant the narrowest predefined role."
  }
}
