variable "jobs" {
  description = "Names of the Cloud Run jobs whose failed executions raise an alert."
  type        = list(string)
  nullable    = false
  validation {
    condition     = length(var.jobs) > 0
    error_message = "jobs must name at least one Cloud Run job."
  }
}

variable "labels" {
  description = "User labels of the checks, policies and channels."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "location" {
  description = "Region of the Cloud Run service and jobs."
  type        = string
}

variable "notification_channels" {
  description = "Existing notification channels (projects/P/notificationChannels/ID) the policies notify."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "notification_emails" {
  description = "Email addresses to create notification channels for (added to notification_channels)."
  type        = list(string)
  default     = []
  nullable    = false
}

variable "project_id" {
  description = "Project of the checks and policies (its own Monitoring scope)."
  type        = string
}

variable "streamer" {
  description = "The streamer's Cloud Run service: its name, health path, and how long /healthz may fail before the alert fires."
  type = object({
    service_name          = string
    health_path           = optional(string, "/healthz")
    unhealthy_for_seconds = optional(number, 300)
  })
  nullable = false
  validation {
    condition     = var.streamer.unhealthy_for_seconds >= 60 && var.streamer.unhealthy_for_seconds <= 86400
    error_message = "streamer.unhealthy_for_seconds must be between 60 and 86400."
  }
}
