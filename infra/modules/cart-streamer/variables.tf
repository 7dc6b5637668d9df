variable "deletion_protection" {
  description = "Refuse to destroy the service."
  type        = bool
  default     = true
  nullable    = false
}

variable "env" {
  description = "Environment variables of the container, e.g. FAKESTORE_API_URL (no secrets: they are visible in the service's configuration)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "extra_args" {
  description = "Flags appended to the streamer's own (--project-id, --topic, --state-file, --poll-interval, --max-consecutive-failures, --http-port)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "health_path" {
  description = "Path of the liveness probe."
  type        = string
  default     = "/healthz"
  nullable    = false
}

variable "image" {
  description = "Container image, REGISTRY/PATH:TAG or REGISTRY/PATH@sha256:DIGEST."
  type        = string
}

variable "labels" {
  description = "Labels of the service and its revisions."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "liveness" {
  description = "Liveness probe on health_path: every period_seconds, restart after failure_threshold failures in a row."
  type = object({
    period_seconds    = optional(number, 30)
    timeout_seconds   = optional(number, 5)
    failure_threshold = optional(number, 3)
  })
  default  = {}
  nullable = false
  validation {
    condition     = var.liveness.period_seconds >= 1 && var.liveness.period_seconds <= 3600 && var.liveness.timeout_seconds >= 1 && var.liveness.timeout_seconds <= var.liveness.period_seconds && var.liveness.failure_threshold >= 1
    error_message = "liveness: period_seconds 1-3600, timeout_seconds between 1 and period_seconds, failure_threshold at least 1."
  }
}

variable "location" {
  description = "Region of the service."
  type        = string
}

variable "max_consecutive_failures" {
  description = "Failed cycles in a row after which the streamer exits 1 (Cloud Run then restarts it)."
  type        = number
  default     = 5
  nullable    = false
}

variable "name" {
  description = "Service name."
  type        = string
}

variable "poll_interval_seconds" {
  description = "Seconds between the starts of two polls of /carts."
  type        = number
  default     = 60
  nullable    = false
}

variable "port" {
  description = "Port of the streamer's HTTP server (/healthz, /metrics); Cloud Run sets PORT to it."
  type        = number
  default     = 8080
  nullable    = false
}

variable "project_id" {
  description = "Project of the service, and the streamer's --project-id."
  type        = string
}

variable "resources" {
  description = "CPU and memory limits of the container (CPU at least 1: it stays allocated)."
  type = object({
    cpu    = optional(string, "1")
    memory = optional(string, "512Mi")
  })
  default  = {}
  nullable = false
}

variable "service_account" {
  description = "Email of the service account the streamer runs as."
  type        = string
}

variable "state" {
  description = "Where the streamer keeps its files: the state in gs://BUCKET/PREFIX/state/FILE_NAME, dead letters and quarantine in gs://BUCKET/PREFIX/events; the service account may read and write objects under PREFIX only."
  type = object({
    bucket    = string
    prefix    = optional(string, "streamer/")
    file_name = optional(string, "carts_state.json")
  })
  nullable = false
  validation {
    condition     = can(regex("^([A-Za-z0-9._-]+/)+$", var.state.prefix)) && !startswith(var.state.prefix, "raw/")
    error_message = "state.prefix must be a folder path ending with / (e.g. streamer/), outside the lake's raw/ folder."
  }
}

variable "topic" {
  description = "Pub/Sub topic the streamer publishes to (--topic)."
  type        = string
}
