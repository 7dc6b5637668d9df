variable "batch_schedule" {
  description = "Cron schedule (5 fields, in time_zone) of the daily run: batch-ingest, then dbt build."
  type        = string
  default     = "0 3 * * *"
  nullable    = false
  validation {
    condition     = length(split(" ", trimspace(var.batch_schedule))) == 5
    error_message = "batch_schedule must be a 5-field cron expression, e.g. \"0 3 * * *\"."
  }
}

variable "cart_stream_every_minutes" {
  description = "Minutes between two runs of the cart_stream dbt job; divides 60."
  type        = number
  default     = 15
  nullable    = false
  validation {
    condition     = var.cart_stream_every_minutes >= 5 && var.cart_stream_every_minutes <= 60 && 60 % var.cart_stream_every_minutes == 0
    error_message = "cart_stream_every_minutes must divide 60 and be at least 5: 5, 6, 10, 12, 15, 20, 30 or 60."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy the workflow."
  type        = bool
  default     = true
  nullable    = false
}

variable "invoker_service_account" {
  description = "Email of the service account that starts the workflow and the jobs (Cloud Scheduler's OAuth identity and the workflow's)."
  type        = string
}

variable "job_timeout_seconds" {
  description = "How long the workflow waits for each job's execution."
  type        = number
  default     = 3600
  nullable    = false
}

variable "jobs" {
  description = "Names of the Cloud Run jobs: batch (batch-ingest), dbt_build (dbt build), dbt_cart_stream (dbt build --selector cart_stream)."
  type = object({
    batch           = string
    dbt_build       = string
    dbt_cart_stream = string
  })
  nullable = false
}

variable "labels" {
  description = "Labels of the workflow."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "location" {
  description = "Region of the workflow, the scheduler jobs and the Cloud Run jobs."
  type        = string
}

variable "name_prefix" {
  description = "Prefix of the workflow and scheduler job names."
  type        = string
}

variable "paused" {
  description = "Create the scheduler jobs paused (nothing runs until they are resumed)."
  type        = bool
  default     = false
  nullable    = false
}

variable "project_id" {
  description = "Project of the workflow and the scheduler jobs."
  type        = string
}

variable "time_zone" {
  description = "Time zone of the schedules (tz database name), e.g. Etc/UTC or Europe/Paris."
  type        = string
  default     = "Etc/UTC"
  nullable    = false
}
