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

variable "deployment" {
  description = "The pipeline deployed on Google Cloud (Artifact Registry, Cloud Run jobs and the streamer service, Workflows, Cloud Scheduler, alerts); off by default. enabled = true creates the image repository; image (pushed there, by digest) then creates the workloads. See infra/README.md, \"Deploying the pipeline\"."
  type = object({
    enabled       = optional(bool, false)
    image         = optional(string)
    region        = optional(string)
    repository_id = optional(string, "fakestore-elt")
    api_url       = optional(string)
    schedules = optional(object({
      batch                     = optional(string, "0 3 * * *")
      cart_stream_every_minutes = optional(number, 15)
      time_zone                 = optional(string, "Etc/UTC")
      paused                    = optional(bool, false)
    }), {})
    batch = optional(object({
      resources       = optional(object({ cpu = optional(string, "1"), memory = optional(string, "512Mi") }), {})
      timeout_seconds = optional(number, 1800)
    }), {})
    dbt = optional(object({
      project_dir     = optional(string, "/opt/fakestore/dbt")
      resources       = optional(object({ cpu = optional(string, "1"), memory = optional(string, "1Gi") }), {})
      timeout_seconds = optional(number, 1800)
    }), {})
    streamer = optional(object({
      poll_interval_seconds    = optional(number, 60)
      max_consecutive_failures = optional(number, 5)
      state_prefix             = optional(string, "streamer/")
      extra_args               = optional(list(string), [])
      resources                = optional(object({ cpu = optional(string, "1"), memory = optional(string, "512Mi") }), {})
    }), {})
    alerts = optional(object({
      notification_channels = optional(list(string), [])
      notification_emails   = optional(list(string), [])
      unhealthy_for_seconds = optional(number, 300)
    }), {})
  })
  default  = {}
  nullable = false
  validation {
    condition     = var.deployment.image == null || can(regex("^[a-z0-9][a-z0-9.-]*(:[0-9]+)?(/[a-z0-9][a-z0-9._-]*)+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})$", var.deployment.image))
    error_message = "deployment.image must be a full image reference with a tag or a digest, e.g. us-central1-docker.pkg.dev/my-project/fakestore-elt/fakestore-elt@sha256:<64 hex> (a digest is what you tested)."
  }
  validation {
    condition     = var.deployment.region == null || can(regex("^[a-z]+(-[a-z]+)+[0-9]+$", coalesce(var.deployment.region, "x")))
    error_message = "deployment.region must be a region name such as us-central1 (null: var.region)."
  }
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.deployment.repository_id))
    error_message = "deployment.repository_id must be 1-63 lowercase letters, digits or hyphens, starting with a letter."
  }
  validation {
    condition     = var.deployment.api_url == null || can(regex("^https?://[^\\s/$.?#][^\\s]*$", coalesce(var.deployment.api_url, "x")))
    error_message = "deployment.api_url must be an http(s) URL such as https://fakestoreapi.com (null: the tools' default)."
  }
  validation {
    condition     = length(split(" ", trimspace(var.deployment.schedules.batch))) == 5
    error_message = "deployment.schedules.batch must be a 5-field cron expression, e.g. \"0 3 * * *\" (daily at 03:00 in schedules.time_zone)."
  }
  validation {
    condition     = var.deployment.schedules.cart_stream_every_minutes >= 5 && var.deployment.schedules.cart_stream_every_minutes <= 60 && 60 % var.deployment.schedules.cart_stream_every_minutes == 0
    error_message = "deployment.schedules.cart_stream_every_minutes must divide 60 and be at least 5: 5, 6, 10, 12, 15, 20, 30 or 60."
  }
  validation {
    condition     = can(regex("^(UTC|Etc/[A-Za-z0-9+-]+|[A-Z][A-Za-z_-]+(/[A-Za-z0-9_+-]+)+)$", var.deployment.schedules.time_zone))
    error_message = "deployment.schedules.time_zone must be a tz database name such as Etc/UTC, Europe/Paris or America/New_York."
  }
  validation {
    condition = alltrue([
      for r in [var.deployment.batch.resources, var.deployment.dbt.resources, var.deployment.streamer.resources] :
      contains(["1", "2", "4", "6", "8"], r.cpu) && can(regex("^[0-9]+(Mi|Gi)$", r.memory))
    ])
    error_message = "deployment.*.resources: cpu must be \"1\", \"2\", \"4\", \"6\" or \"8\" and memory like \"512Mi\" or \"2Gi\"."
  }
  validation {
    condition = alltrue([
      for t in [var.deployment.batch.timeout_seconds, var.deployment.dbt.timeout_seconds] : t >= 60 && t <= 86400 && floor(t) == t
    ])
    error_message = "deployment.batch.timeout_seconds and deployment.dbt.timeout_seconds must be whole seconds between 60 and 86400."
  }
  validation {
    condition     = startswith(var.deployment.dbt.project_dir, "/")
    error_message = "deployment.dbt.project_dir must be an absolute path inside the image, e.g. /opt/fakestore/dbt."
  }
  validation {
    condition     = var.deployment.streamer.poll_interval_seconds >= 5 && var.deployment.streamer.poll_interval_seconds <= 3600
    error_message = "deployment.streamer.poll_interval_seconds must be between 5 and 3600."
  }
  validation {
    condition     = var.deployment.streamer.max_consecutive_failures >= 1 && var.deployment.streamer.max_consecutive_failures <= 1000 && floor(var.deployment.streamer.max_consecutive_failures) == var.deployment.streamer.max_consecutive_failures
    error_message = "deployment.streamer.max_consecutive_failures must be a whole number between 1 and 1000."
  }
  validation {
    condition     = can(regex("^([A-Za-z0-9._-]+/)+$", var.deployment.streamer.state_prefix)) && !startswith(var.deployment.streamer.state_prefix, "raw/")
    error_message = "deployment.streamer.state_prefix must be a folder path ending with / (e.g. streamer/), outside the lake's raw/ folder."
  }
  validation {
    condition     = alltrue([for e in var.deployment.alerts.notification_emails : can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", e))])
    error_message = "deployment.alerts.notification_emails must be email addresses."
  }
  validation {
    condition     = alltrue([for c in var.deployment.alerts.notification_channels : can(regex("^projects/[^/]+/notificationChannels/[0-9]+$", c))])
    error_message = "deployment.alerts.notification_channels must be channel names like projects/P/notificationChannels/123 (gcloud beta monitoring channels list)."
  }
  validation {
    condition     = var.deployment.alerts.unhealthy_for_seconds >= 60 && var.deployment.alerts.unhealthy_for_seconds <= 86400
    error_message = "deployment.alerts.unhealthy_for_seconds must be between 60 and 86400."
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
