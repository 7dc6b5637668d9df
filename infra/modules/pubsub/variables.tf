variable "bigquery_subscription" {
  description = "The BigQuery subscription of the topic: its name, the table it writes (rows shaped by write_metadata) and the delivery attempts before a message is dead-lettered."
  type = object({
    name                  = string
    max_delivery_attempts = optional(number, 5)
    table = object({
      project    = string
      dataset_id = string
      table_id   = string
    })
  })
  nullable = false
  validation {
    condition     = var.bigquery_subscription.max_delivery_attempts >= 5 && var.bigquery_subscription.max_delivery_attempts <= 100
    error_message = "max_delivery_attempts must be between 5 and 100."
  }
}

variable "dead_letter_subscription_name" {
  description = "Pull subscription of the dead-letter topic."
  type        = string
}

variable "dead_letter_topic_name" {
  description = "Topic that receives messages the BigQuery subscription could not write."
  type        = string
}

variable "labels" {
  description = "Labels of the topics and subscriptions."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "message_retention_duration" {
  description = "How long the topics keep messages (for seek and replay), e.g. 604800s."
  type        = string
  default     = "604800s"
  nullable    = false
}

variable "project_id" {
  description = "Project of the topics and subscriptions."
  type        = string
}

variable "topic_name" {
  description = "Topic the cart streamer publishes to."
  type        = string
}
