variable "access_log_bucket" {
  description = "Bucket that receives usage logs of this bucket; null to rely on Cloud Audit Logs only."
  type        = string
  default     = null
}

variable "force_destroy" {
  description = "Let `destroy` delete a bucket that still holds objects. Keep false outside throwaway projects."
  type        = bool
  default     = false
  nullable    = false
}

variable "labels" {
  description = "Labels of the bucket."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "lifecycle_config" {
  description = "Ageing of the lake: colder class after N days, noncurrent versions deleted after N days, incomplete multipart uploads aborted after N days."
  type = object({
    cold_after_days              = optional(number, 30)
    cold_storage_class           = optional(string, "NEARLINE")
    noncurrent_retention_days    = optional(number, 30)
    abort_incomplete_upload_days = optional(number, 1)
  })
  default  = {}
  nullable = false
  validation {
    condition     = contains(["NEARLINE", "COLDLINE", "ARCHIVE"], var.lifecycle_config.cold_storage_class)
    error_message = "cold_storage_class must be NEARLINE, COLDLINE or ARCHIVE."
  }
  validation {
    condition = alltrue([
      for n in [var.lifecycle_config.cold_after_days, var.lifecycle_config.noncurrent_retention_days, var.lifecycle_config.abort_incomplete_upload_days] :
      n >= 1 && floor(n) == n
    ])
    error_message = "Lifecycle ages must be whole numbers of days, at least 1."
  }
}

variable "location" {
  description = "Bucket location: the region of the BigQuery datasets, so load jobs read it in place."
  type        = string
}

variable "name" {
  description = "Globally unique bucket name."
  type        = string
}

variable "project_id" {
  description = "Project of the bucket."
  type        = string
}

variable "soft_delete_retention_seconds" {
  description = "How long deleted objects stay restorable (0 disables soft delete; otherwise 604800-7776000)."
  type        = number
  default     = 604800
  nullable    = false
  validation {
    condition     = var.soft_delete_retention_seconds == 0 || (var.soft_delete_retention_seconds >= 604800 && var.soft_delete_retention_seconds <= 7776000)
    error_message = "soft_delete_retention_seconds must be 0 or between 604800 (7 days) and 7776000 (90 days)."
  }
}
