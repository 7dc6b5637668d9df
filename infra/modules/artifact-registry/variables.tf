variable "cleanup" {
  description = "Cleanup of old images: the newest keep_versions are always kept; other versions older than delete_after_days are deleted."
  type = object({
    keep_versions     = optional(number, 10)
    delete_after_days = optional(number, 90)
  })
  default  = {}
  nullable = false
  validation {
    condition     = var.cleanup.keep_versions >= 1 && var.cleanup.delete_after_days >= 1 && floor(var.cleanup.keep_versions) == var.cleanup.keep_versions && floor(var.cleanup.delete_after_days) == var.cleanup.delete_after_days
    error_message = "cleanup.keep_versions and cleanup.delete_after_days must be whole numbers, at least 1."
  }
}

variable "description" {
  description = "Description of the repository."
  type        = string
  default     = "Container images of the fakestore-elt pipeline."
}

variable "immutable_tags" {
  description = "Refuse to move a tag to another image once pushed."
  type        = bool
  default     = true
  nullable    = false
}

variable "labels" {
  description = "Labels of the repository."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "location" {
  description = "Region of the repository (the Cloud Run region, so pulls stay in one location)."
  type        = string
}

variable "name" {
  description = "Repository id, e.g. fakestore-elt."
  type        = string
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.name))
    error_message = "The repository id must be 1-63 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "project_id" {
  description = "Project of the repository."
  type        = string
}
