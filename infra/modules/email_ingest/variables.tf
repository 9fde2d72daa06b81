variable "name_prefix" {
  description = "Prefix of every resource name (e.g. triage-dev)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lower-case letters, digits or '-', starting and ending with a letter or digit."
  }
}

variable "mail_bucket_name" {
  description = "Name of the S3 bucket receiving raw e-mails from SES. Must be globally unique."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.mail_bucket_name)) && !strcontains(var.mail_bucket_name, "..")
    error_message = "mail_bucket_name must be a valid S3 bucket name: 3-63 lower-case letters, digits, '.' or '-'."
  }
}

variable "incoming_prefix" {
  description = "Key prefix under which SES writes raw e-mails; only objects created here are sent to the input queue."
  type        = string
  default     = "incoming/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*/$", var.incoming_prefix))
    error_message = "incoming_prefix must be a single folder name ending with '/', e.g. incoming/."
  }
}

variable "mail_expiration_days" {
  description = "Days after which raw e-mails are deleted from the mail bucket (they hold personal data; keep no longer than needed)."
  type        = number
  default     = 30

  validation {
    condition     = var.mail_expiration_days >= 1 && var.mail_expiration_days <= 3650 && floor(var.mail_expiration_days) == var.mail_expiration_days
    error_message = "mail_expiration_days must be a whole number between 1 and 3650."
  }
}

variable "force_destroy" {
  description = "Allow `terraform destroy` to delete the mail bucket while it still holds e-mails."
  type        = bool
  default     = false
}

variable "recipients" {
  description = "Addresses or domains whose mail the SES receipt rule stores (the domain must be verified in SES and its MX record point to SES inbound)."
  type        = list(string)

  validation {
    condition     = length(var.recipients) > 0 && alltrue([for r in var.recipients : can(regex("^([^@\\s]+@)?[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", r))])
    error_message = "recipients must be a non-empty list of e-mail addresses or domains (an empty list would make the rule catch every verified domain)."
  }
}

variable "activate_rule_set" {
  description = "Make this module's receipt rule set the active one. An account has one active rule set per region, so activating replaces whatever was active."
  type        = bool
  default     = false
}

variable "consumer_function_name" {
  description = "Name of the classifyEmail function (used in the IAM statements it is given)."
  type        = string
}

variable "consumer_invoke_target_arn" {
  description = "Function or alias ARN the event source mapping invokes (the alias when SnapStart is on)."
  type        = string
}

variable "consumer_timeout_seconds" {
  description = "Timeout of the classifyEmail function; the input queue's visibility timeout is derived from it."
  type        = number

  validation {
    condition     = var.consumer_timeout_seconds >= 1 && var.consumer_timeout_seconds <= 900
    error_message = "consumer_timeout_seconds must be between 1 and 900 (a Lambda timeout)."
  }
}

variable "batch_size" {
  description = "Maximum number of SQS messages (each an S3 event for one or more e-mails) per invocation of classifyEmail."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size must be a whole number between 1 and 10000."
  }
}

variable "maximum_batching_window_seconds" {
  description = "How long Lambda waits to fill a batch before invoking. Required to be at least 1 when batch_size is above 10."
  type        = number
  default     = 5

  validation {
    condition     = var.maximum_batching_window_seconds >= 0 && var.maximum_batching_window_seconds <= 300 && floor(var.maximum_batching_window_seconds) == var.maximum_batching_window_seconds
    error_message = "maximum_batching_window_seconds must be a whole number between 0 and 300."
  }
}

variable "maximum_concurrency" {
  description = "Upper bound on concurrent classifyEmail invocations driven by the queue (2-1000), or null for no bound beyond the function's reserved concurrency."
  type        = number
  default     = null

  validation {
    condition     = var.maximum_concurrency == null || (try(var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000, false))
    error_message = "maximum_concurrency must be null or between 2 and 1000."
  }
}

variable "consumer_reserved_concurrency" {
  description = "Reserved concurrency of the consumer function, or null when unreserved. maximum_concurrency must then be set and not exceed it."
  type        = number
  default     = null

  validation {
    condition     = var.consumer_reserved_concurrency == null || try(var.consumer_reserved_concurrency >= 2, false)
    error_message = "consumer_reserved_concurrency must be null or at least 2: an SQS event source's maximum_concurrency cannot go below 2, so a smaller reservation would always be exceeded."
  }
}

variable "result_max_message_bytes" {
  description = "Largest result message the output queue accepts (its MaximumMessageSize). classifyEmail checks each result against the same limit before sending it."
  type        = number
  default     = 262144 # 256 KiB: SQS's long-standing maximum, and the size the function checks (docs/aws-limits.md)

  validation {
    condition     = var.result_max_message_bytes >= 1024 && var.result_max_message_bytes <= 262144
    error_message = "result_max_message_bytes must be between 1024 and 262144 bytes (256 KiB)."
  }
}

variable "max_receive_count" {
  description = "Deliveries of a message before SQS moves it to the dead-letter queue (the redrive policy's maxReceiveCount)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "input_visibility_timeout_seconds" {
  description = "Visibility timeout of the input queue. null derives it as 6 x consumer timeout + batching window (AWS's guidance for Lambda consumers); an explicit value must not be lower than 6 x the consumer timeout."
  type        = number
  default     = null

  validation {
    condition     = var.input_visibility_timeout_seconds == null || try(var.input_visibility_timeout_seconds >= 0 && var.input_visibility_timeout_seconds <= 43200, false)
    error_message = "input_visibility_timeout_seconds must be null or between 0 and 43200 (12 hours)."
  }
}

variable "message_retention_seconds" {
  description = "How long the input and output queues keep undelivered messages."
  type        = number
  default     = 345600 # 4 days, SQS's default

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "dlq_message_retention_seconds" {
  description = "How long the dead-letter queues keep failed messages for inspection and redrive; longer than the source queues so nothing expires before someone looks."
  type        = number
  default     = 1209600 # 14 days, the SQS maximum

  validation {
    condition     = var.dlq_message_retention_seconds >= 60 && var.dlq_message_retention_seconds <= 1209600
    error_message = "dlq_message_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
