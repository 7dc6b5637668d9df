variable "datasets" {
  description = "Datasets to create, keyed by layer (bronze, silver, gold: the `layer` label and the key tables refer to), each with its dataset id."
  type = map(object({
    dataset_id            = string
    description           = string
    max_time_travel_hours = optional(number, 168)
  }))
  nullable = false
  validation {
    condition     = alltrue([for d in values(var.datasets) : can(regex("^[A-Za-z0-9_]{1,1024}$", d.dataset_id))])
    error_message = "Dataset ids may contain only letters, digits and underscores."
  }
  validation {
    condition     = alltrue([for k in keys(var.datasets) : can(regex("^[a-z][a-z0-9_-]{0,62}$", k))])
    error_message = "Dataset keys (layers) must be valid label values: lowercase letters, digits, underscores and hyphens."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy tables (and datasets that still hold tables)."
  type        = bool
  default     = true
  nullable    = false
}

variable "labels" {
  description = "Labels set on every dataset and table."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "location" {
  description = "BigQuery location of the datasets, e.g. us-central1 or US."
  type        = string
}

variable "project_id" {
  description = "Project of the datasets."
  type        = string
}

variable "tables" {
  description = "Tables to create, keyed by table id, each in `dataset` (a key of `datasets`). `schema` is BigQuery JSON-schema text (jsonencode of the fields)."
  type = map(object({
    dataset     = string
    description = string
    schema      = string
    clustering  = optional(list(string), [])
    time_partitioning = object({
      type  = string
      field = string
    })
  }))
  default  = {}
  nullable = false
  validation {
    condition     = alltrue([for t in values(var.tables) : contains(keys(var.datasets), t.dataset)])
    error_message = "Each table's dataset must be a key of datasets."
  }
  validation {
    condition     = alltrue([for t in values(var.tables) : contains(["HOUR", "DAY", "MONTH", "YEAR"], t.time_partitioning.type)])
    error_message = "time_partitioning.type must be HOUR, DAY, MONTH or YEAR."
  }
}
