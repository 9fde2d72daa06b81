# Inputs are facts read from the resources of the other modules (each module
# exposes them as its `security_facts` output), not the settings those modules
# were asked for: a rule that inspected the request rather than the resource
# would keep passing after someone edited the resource.

variable "iam_policies" {
  description = "Inline IAM policy statements, by role name. Only Effect, Action and NotAction are inspected."
  type = map(list(object({
    Effect    = string
    Action    = optional(list(string), [])
    NotAction = optional(list(string))
  })))
  default = {}
}

variable "buckets" {
  description = "S3 buckets by name: their public access block flags, default encryption algorithm and bucket policy JSON."
  type = map(object({
    block_public_acls       = bool
    block_public_policy     = bool
    ignore_public_acls      = bool
    restrict_public_buckets = bool
    sse_algorithm           = string
    policy                  = string
  }))
  default = {}
}

variable "queues" {
  description = "SQS queues by name: whether the queue is itself a dead-letter queue, its redrive policy JSON and its encryption settings."
  type = map(object({
    dead_letter_queue       = bool
    redrive_policy          = string
    sqs_managed_sse_enabled = bool
    kms_master_key_id       = string
  }))
  default = {}
}

variable "log_groups" {
  description = "CloudWatch log groups by name, with their retention in days (0 or null means never expire)."
  type        = map(number)
  default     = {}
}

variable "event_source_mappings" {
  description = "SQS event source mappings by name, with their function_response_types."
  type        = map(list(string))
  default     = {}
}

variable "api_stages" {
  description = "API Gateway stages by name, with their stage throttle, usage-plan throttle and quota, and whether every method requires an API key and access logs are on."
  type = map(object({
    stage_rate_limit  = number
    stage_burst_limit = number
    key_rate_limit    = number
    key_burst_limit   = number
    quota_limit       = number
    api_key_required  = bool
    access_logs_on    = bool
  }))
  default = {}
}
