variable "bucket_name" {
  description = "Name of the S3 bucket that stores model bundles (models/<name>/<version>/), training data (data/) and training recipes (recipes/). Must be globally unique."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name)) && !strcontains(var.bucket_name, "..")
    error_message = "bucket_name must be a valid S3 bucket name: 3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "Customer managed KMS key used for default encryption. null uses SSE-S3 (AES256), which needs no key policy."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be null or the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "noncurrent_version_expiration_days" {
  description = "Days after which overwritten or deleted object versions are removed. Versioning protects published bundles from accidental overwrite; this bounds what the protection costs."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1 && var.noncurrent_version_expiration_days <= 3650 && floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "noncurrent_version_expiration_days must be a whole number between 1 and 3650."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete the bucket while it still holds objects. Keep false outside throw-away environments: the bucket holds every published model."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
