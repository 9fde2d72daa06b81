variable "name_prefix" {
  description = "Prefix of the topic and of every alarm name (e.g. triage-dev): alarms are <prefix>-<what>-<which>."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lower-case letters, digits or '-', starting and ending with a letter or digit."
  }
}

variable "subscribers" {
  description = "Who hears the alarms: SNS subscriptions of the alarm topic (e-mail subscriptions must be confirmed from the message SNS sends). Empty: alarms change state and are visible in CloudWatch, but notify nobody."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.subscribers : contains(["email", "email-json", "https", "sms", "sqs", "lambda", "firehose", "application"], s.protocol) && length(s.endpoint) > 0])
    error_message = "Each subscriber needs a protocol (email, email-json, https, sms, sqs, lambda, firehose or application) and an endpoint."
  }
}

variable "functions" {
  description = "Lambda functions whose Errors and Throttles raise an alarm: short name (used in the alarm name) => function name."
  type        = map(string)
  default     = {}
}

variable "dead_letter_queues" {
  description = "Dead-letter queues: short name => queue name. Any message in one raises an alarm, and so does a message left there longer than dead_letter_max_age_seconds."
  type        = map(string)
  default     = {}
}

variable "dead_letter_max_age_seconds" {
  description = "Age of the oldest dead-lettered message that raises the second alarm: someone must redrive or inspect it before the queue's retention (14 days in this project) deletes it."
  type        = number
  default     = 604800 # 7 days: half the dead-letter queues' 14-day retention

  validation {
    condition     = var.dead_letter_max_age_seconds >= 60 && var.dead_letter_max_age_seconds < 1209600
    error_message = "dead_letter_max_age_seconds must be at least 60 and below SQS's longest retention, 1209600 (14 days)."
  }
}

variable "state_machines" {
  description = "Step Functions state machines whose failed, timed-out and aborted executions raise an alarm: short name => state machine ARN."
  type        = map(string)
  default     = {}
}

variable "source_queues" {
  description = "Queues that an event source mapping consumes: short name => queue name and the age of the oldest message (seconds) that means consumption is stuck or too slow."
  type = map(object({
    queue_name      = string
    max_age_seconds = number
  }))
  default = {}

  validation {
    condition     = alltrue([for q in values(var.source_queues) : q.max_age_seconds >= 60])
    error_message = "max_age_seconds must be at least 60 (SQS publishes the metric once a minute)."
  }
}

variable "apis" {
  description = "REST API stages: short name => API name, stage name and the p99 latency (ms) that raises an alarm. Any 5XX raises one too."
  type = map(object({
    api_name       = string
    stage_name     = string
    p99_latency_ms = number
  }))
  default = {}

  validation {
    condition     = alltrue([for a in values(var.apis) : a.p99_latency_ms > 0 && a.p99_latency_ms <= 29000])
    error_message = "p99_latency_ms must be above 0 and at most 29000, API Gateway's default integration timeout."
  }
}

variable "period_seconds" {
  description = "Period over which each metric is aggregated before it is compared with its threshold."
  type        = number
  default     = 300

  validation {
    condition     = contains([60, 300, 900, 3600], var.period_seconds)
    error_message = "period_seconds must be 60, 300, 900 or 3600."
  }
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
