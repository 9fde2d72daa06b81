variable "bucket_name" {
  description = "Name of the S3 bucket holding deployable artifacts (the function zip). Must be globally unique."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) && !strcontains(var.bucket_name, "..")
    error_message = "bucket_name must be a valid S3 bucket name: 3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit."
  }
}

variable "artifacts" {
  description = "Local files to upload: name => path. Each becomes s3://<bucket>/<name>/<file name>, a new object version whenever its content changes."
  type = map(object({
    path = string
  }))

  validation {
    condition     = alltrue([for name in keys(var.artifacts) : can(regex("^[a-z0-9][a-z0-9-]{0,62}$", name))])
    error_message = "Artifact names must be 1-63 lower-case letters, digits or '-'."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten artifact version is kept (for a rollback to an earlier build). Lambda copies the code when a function is updated, so an expired version never breaks a deployed function."
  type        = number
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number between 1 and 3650."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete the bucket while it still holds artifacts."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
