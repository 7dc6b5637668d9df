variable "bucket_name" {
  description = "Globally unique name of the raw lake bucket (GCS_BUCKET_NAME of the tools), e.g. my-project-fakestore-lake."
  type        = string
  nullable    = false
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits, hyphens and underscores, starting and ending with a letter or digit (names with dots need domain verification and are not supported here)."
  }
  validation {
    condition     = !startswith(var.bucket_name, "goog") && !can(regex("g[o0][o0]gle", var.bucket_name))
    error_message = "bucket_name must not start with \"goog\" or contain \"google\" (or look-alikes such as g00gle)."
  }
}

variable "dataset_ids" {
  description = "BigQuery dataset of each layer: BQ_DATASET (bronze), BQ_SILVER_DATASET and BQ_GOLD_DATASET of the tools and dbt, which default to the same names."
  type = object({
    bronze = optional(string, "bronze_data")
    silver = optional(string, "silver_data")
    gold   = optional(string, "gold_data")
  })
  default  = {}
  nullable = false
  validation {
    condition     = alltrue([for id in values(var.dataset_ids) : can(regex("^[A-Za-z0-9_]{1,1024}$", id))])
    error_message = "dataset_ids must be 1-1024 letters, digits or underscores each."
  }
  validation {
    condition     = length(distinct(values(var.dataset_ids))) == 3
    error_message = "dataset_ids must name three different datasets (bronze, silver and gold)."
  }
}

variable "deletion_protection" {
  description = "Refuse to destroy the bronze tables, and datasets that still hold tables. Set false only to tear down a throwaway project."
  type        = bool
  default     = true
  nullable    = false
  validation {
    condition     = contains([true, false], var.deletion_protection)
    error_message = "deletion_protection must be true or false."
  }
}

variable "enable_apis" {
  description = "Enable the APIs the pipeline needs (BigQuery, Storage, Pub/Sub, IAM, Service Usage, Cloud Resource Manager) from Terraform. Set false when `gcp-bootstrap enable-apis` or an admin already did."
  type        = bool
  default     = true
  nullable    = false
  validation {
    condition     = contains([true, false], var.enable_apis)
    error_message = "enable_apis must be true or false."
  }
}

variable "labels" {
  description = "Labels set on every bucket, dataset, table, topic and subscription (app = fakestore-elt is always added)."
  type        = map(string)
  default     = {}
  nullable    = false
  validation {
    condition     = length(var.labels) <= 60
    error_message = "At most 60 labels (Google allows 64 per resource; a few are added here)."
  }
  validation {
    condition     = alltrue([for k in keys(var.labels) : can(regex("^[a-z][a-z0-9_-]{0,62}$", k))])
    error_message = "Label keys must be 1-63 characters of lowercase letters, digits, underscores and hyphens, starting with a letter."
  }
  validation {
    condition     = alltrue([for v in values(var.labels) : can(regex("^[a-z0-9_-]{0,63}$", v))])
    error_message = "Label values must be at most 63 characters of lowercase letters, digits, underscores and hyphens."
  }
}

variable "lake_lifecycle" {
  description = "Ageing of the raw lake: live objects move to cold_storage_class after cold_after_days, noncurrent versions are deleted after noncurrent_retention_days, incomplete multipart uploads are aborted after abort_incomplete_upload_days."
  type = object({
    cold_after_days              = optional(number, 30)
    cold_storage_class           = optional(string, "NEARLINE")
    noncurrent_retention_days    = optional(number, 30)
    abort_incomplete_upload_days = optional(number, 1)
  })
  default  = {}
  nullable = false
  validation {
    condition     = contains(["NEARLINE", "COLDLINE", "ARCHIVE"], var.lake_lifecycle.cold_storage_class)
    error_message = "lake_lifecycle.cold_storage_class must be NEARLINE, COLDLINE or ARCHIVE."
  }
  validation {
    condition = alltrue([
      for n in [var.lake_lifecycle.cold_after_days, var.lake_lifecycle.noncurrent_retention_days, var.lake_lifecycle.abort_incomplete_upload_days] :
      n >= 1 && n <= 3650 && floor(n) == n
    ])
    error_message = "lake_lifecycle ages must be whole numbers of days between 1 and 3650."
  }
}

variable "max_delivery_attempts" {
  description = "Attempts of the BigQuery subscription to write a message before it goes to the dead-letter topic."
  type        = number
  default     = 5
  nullable    = false
  validation {
    condition     = var.max_delivery_attempts >= 5 && var.max_delivery_attempts <= 100 && floor(var.max_delivery_attempts) == var.max_delivery_attempts
    error_message = "max_delivery_attempts must be a whole number between 5 and 100 (Pub/Sub's limits)."
  }
}

variable "message_retention_duration" {
  description = "How long the cart event topics keep messages, so a subscription can seek back and replay, e.g. 604800s (7 days)."
  type        = string
  default     = "604800s"
  nullable    = false
  validation {
    condition     = can(regex("^[0-9]+s$", var.message_retention_duration)) && try(tonumber(trimsuffix(var.message_retention_duration, "s")) >= 600 && tonumber(trimsuffix(var.message_retention_duration, "s")) <= 2678400, false)
    error_message = "message_retention_duration must be whole seconds like 604800s, between 600s (10 minutes) and 2678400s (31 days)."
  }
}

variable "name_prefix" {
  description = "Prefix of the service account ids: PREFIX-batch, PREFIX-streamer, PREFIX-dbt."
  type        = string
  default     = "fakestore"
  nullable    = false
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix)) && !endswith(var.name_prefix, "-")
    error_message = "name_prefix must be 2-21 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (service account ids are at most 30 characters)."
  }
}

variable "project_id" {
  description = "Google Cloud project id (GCP_PROJECT_ID of the tools), e.g. my-project-123."
  type        = string
  nullable    = false
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be 6-30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (the project id, not its name or number)."
  }
}

variable "region" {
  description = "Region of the bucket and the BigQuery datasets (GCP_REGION of the tools). Both live in the same location so load jobs read the lake in place."
  type        = string
  default     = "us-central1"
  nullable    = false
  validation {
    condition     = can(regex("^[a-z]+(-[a-z]+)+[0-9]+$", var.region))
    error_message = "region must be a region name such as us-central1 or europe-west1 (see gcloud compute regions list)."
  }
}

variable "topic_name" {
  description = "Pub/Sub topic of the cart events (the streamer's --topic)."
  type        = string
  default     = "carts-events"
  nullable    = false
  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9._~+%-]{2,238}$", var.topic_name)) && !startswith(lower(var.topic_name), "goog")
    error_message = "topic_name must be 3-239 characters of letters, digits and - _ . ~ + %, start with a letter and not start with \"goog\" (room is left for the -dead-letter suffix)."
  }
}
