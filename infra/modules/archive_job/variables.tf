variable "name_prefix" {
  description = "Prefix of the state machine (<prefix>-archive), its role and its log group."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lower-case letters, digits or '-', starting and ending with a letter or digit."
  }
}

variable "function_arn" {
  description = "ARN the state machine invokes: the classifyArchive function's invoke target (the alias \"live\" when SnapStart is on)."
  type        = string

  validation {
    condition     = length(var.function_arn) > 0
    error_message = "function_arn must name the classifyArchive function (its ARN, alias-qualified with SnapStart)."
  }
}

variable "function_reserved_concurrency" {
  description = "classifyArchive's reserved concurrency, or null when unreserved: max_concurrency may not exceed it (every batch above it would be throttled and retried)."
  type        = number
  default     = null
}

variable "archive_bucket" {
  description = "Bucket whose objects the job classifies (the prefix reader lists it; classifyArchive reads and tags its objects)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.archive_bucket))
    error_message = "archive_bucket must be an S3 bucket name."
  }
}

variable "archive_prefix" {
  description = "Key prefix of archive_bucket the job may read (e.g. \"incoming/\" of the mail bucket); \"\" for the whole bucket. Every job's prefix must lie under it."
  type        = string
  default     = ""

  validation {
    condition     = var.archive_prefix == "" || (endswith(var.archive_prefix, "/") && !startswith(var.archive_prefix, "/") && !strcontains(var.archive_prefix, "*"))
    error_message = "archive_prefix must be \"\" or a key prefix ending with '/' (no leading '/', no '*')."
  }
}

variable "manifest_bucket" {
  description = "Bucket of CSV and S3 Inventory manifests (an inventory's manifest.json and its data files); null: archive_bucket."
  type        = string
  default     = null
}

variable "manifest_prefix" {
  description = "Key prefix of manifest_bucket the state machine may read manifests from (\"\" for the whole bucket)."
  type        = string
  default     = ""

  validation {
    condition     = var.manifest_prefix == "" || (endswith(var.manifest_prefix, "/") && !startswith(var.manifest_prefix, "/") && !strcontains(var.manifest_prefix, "*"))
    error_message = "manifest_prefix must be \"\" or a key prefix ending with '/' (no leading '/', no '*')."
  }
}

variable "results_bucket" {
  description = "Bucket of the results: classifyArchive's per-batch JSON Lines and the map run's ResultWriter files, both under results_prefix<execution name>/."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.results_bucket))
    error_message = "results_bucket must be an S3 bucket name."
  }
}

variable "results_prefix" {
  description = "Key prefix of every job's results (ends with '/')."
  type        = string
  default     = "archive-results/"

  validation {
    condition     = endswith(var.results_prefix, "/") && !startswith(var.results_prefix, "/") && !strcontains(var.results_prefix, "*") && length(var.results_prefix) <= 512
    error_message = "results_prefix must end with '/', not start with '/', hold no '*' and be at most 512 characters."
  }
}

variable "max_concurrency" {
  description = "Child executions (each one classifyArchive invocation with one batch) that run at once: Distributed Map's MaxConcurrency, at most 10,000 (docs/aws-limits.md)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_concurrency >= 1 && var.max_concurrency <= 10000 && floor(var.max_concurrency) == var.max_concurrency
    error_message = "max_concurrency must be a whole number from 1 to 10000 (Distributed Map runs at most 10,000 child executions at once)."
  }
}

variable "max_items_per_batch" {
  description = "Items (objects, or manifest rows) per classifyArchive invocation: ItemBatcher's MaxItemsPerBatch. Size it so a batch ends well within the function's timeout."
  type        = number
  default     = 100

  validation {
    condition     = var.max_items_per_batch >= 1 && var.max_items_per_batch <= 10000 && floor(var.max_items_per_batch) == var.max_items_per_batch
    error_message = "max_items_per_batch must be a whole number from 1 to 10000."
  }
}

variable "max_input_bytes_per_batch" {
  description = "Bytes of items per batch: ItemBatcher's MaxInputBytesPerBatch. A child's input (items + BatchInput) may not exceed Step Functions' 256 KiB (262,144 bytes) payload; at most 245,760 (240 KiB), which leaves 16 KiB for BatchInput (bounded: bucket <= 63, resultsPrefix <= 512, execution name <= 80 characters)."
  type        = number
  default     = 131072

  validation {
    condition     = var.max_input_bytes_per_batch >= 1024 && var.max_input_bytes_per_batch <= 245760 && floor(var.max_input_bytes_per_batch) == var.max_input_bytes_per_batch
    error_message = "max_input_bytes_per_batch must be a whole number from 1024 to 245760 (240 KiB: a child's input, BatchInput included, must stay under Step Functions' 262144-byte payload limit)."
  }
}

variable "tolerated_failure_percentage" {
  description = "Share of failed batches (child executions) the map run tolerates before it fails: ToleratedFailurePercentage, 0 to 100. A failed item does not fail its batch (classifyArchive reports it in the results); a batch fails only when no item could survive (the model does not load, results cannot be written)."
  type        = number
  default     = 5

  validation {
    condition     = var.tolerated_failure_percentage >= 0 && var.tolerated_failure_percentage <= 100
    error_message = "tolerated_failure_percentage must be between 0 and 100."
  }
}

variable "log_level" {
  description = "Execution log level in CloudWatch Logs: ERROR (failed states and executions), FATAL, or ALL (every event of every child execution: costly for millions of items)."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL"], var.log_level)
    error_message = "log_level must be ALL, ERROR or FATAL (OFF would leave failures unlogged)."
  }
}

variable "log_retention_days" {
  description = "Retention of the state machine's log group, in days (one of the values CloudWatch accepts)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
