variable "args" {
  description = "Arguments of the command, e.g. [\"--project-id\", \"P\"]."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "command" {
  description = "Executable and its fixed arguments, e.g. [\"batch-ingest\"] (found on the image's PATH)."
  type        = list(string)
  nullable    = false
  validation {
    condition     = length(var.command) > 0
    error_message = "command must name the executable to run."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy the job."
  type        = bool
  default     = true
  nullable    = false
}

variable "env" {
  description = "Environment variables of the container (no secrets: they are visible in the job's configuration)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "image" {
  description = "Container image, REGISTRY/PATH:TAG or REGISTRY/PATH@sha256:DIGEST."
  type        = string
}

variable "labels" {
  description = "Labels of the job and its executions."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "location" {
  description = "Region of the job."
  type        = string
}

variable "max_retries" {
  description = "Retries of a failed task before the execution fails."
  type        = number
  default     = 1
  nullable    = false
  validation {
    condition     = var.max_retries >= 0 && var.max_retries <= 10 && floor(var.max_retries) == var.max_retries
    error_message = "max_retries must be a whole number between 0 and 10."
  }
}

variable "name" {
  description = "Job name."
  type        = string
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.name))
    error_message = "The job name must be 1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "project_id" {
  description = "Project of the job."
  type        = string
}

variable "resources" {
  description = "CPU and memory limits of the container, e.g. { cpu = \"1\", memory = \"512Mi\" }."
  type = object({
    cpu    = optional(string, "1")
    memory = optional(string, "512Mi")
  })
  default  = {}
  nullable = false
}

variable "service_account" {
  description = "Email of the service account the job runs as (its only credentials)."
  type        = string
}

variable "timeout_seconds" {
  description = "Time a task may run before it is stopped and counted as failed."
  type        = number
  default     = 1800
  nullable    = false
  validation {
    condition     = var.timeout_seconds >= 60 && var.timeout_seconds <= 86400 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number between 60 and 86400 (24 hours)."
  }
}
