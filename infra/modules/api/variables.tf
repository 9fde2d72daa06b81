variable "name" {
  description = "Name of the REST API; also prefixes the API key, usage plan and log group."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.name))
    error_message = "name must be 1-64 letters, digits, '-' or '_'."
  }
}

variable "stage_name" {
  description = "Stage name: the last path segment of the API URL."
  type        = string
  default     = "v1"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{1,128}$", var.stage_name))
    error_message = "stage_name must be 1-128 letters, digits or '_'."
  }
}

variable "classify_function_name" {
  description = "Name of the Lambda function that serves POST /classify (QUARKUS_FUNQY_EXPORT=classify)."
  type        = string
}

variable "classify_invoke_arn" {
  description = "Invoke ARN (integration URI) of the classify function or its alias."
  type        = string
}

variable "classify_qualifier" {
  description = "Alias of the classify function that the API invokes, or null for the unqualified function."
  type        = string
  default     = null
}

variable "health_function_name" {
  description = "Name of the Lambda function that serves GET /health (QUARKUS_FUNQY_EXPORT=health)."
  type        = string
}

variable "health_invoke_arn" {
  description = "Invoke ARN (integration URI) of the health function or its alias."
  type        = string
}

variable "health_qualifier" {
  description = "Alias of the health function that the API invokes, or null for the unqualified function."
  type        = string
  default     = null
}

variable "authorization" {
  description = "How callers authenticate. API_KEY: the x-api-key header alone (identifies and meters a caller; a key is not a secret credential). AWS_IAM: SigV4-signed requests by an IAM identity allowed execute-api:Invoke (the invoke_policy_arn policy), for service callers; the API key stays required for the usage plan's throttle and quota."
  type        = string
  default     = "API_KEY"

  validation {
    condition     = contains(["API_KEY", "AWS_IAM"], var.authorization)
    error_message = "authorization must be API_KEY or AWS_IAM."
  }
}

variable "stage_throttle_rate_limit" {
  description = "Steady-state requests per second allowed on every method of the stage (method settings */*), all callers together."
  type        = number
  default     = 20

  validation {
    condition     = var.stage_throttle_rate_limit > 0 && var.stage_throttle_rate_limit <= 10000
    error_message = "stage_throttle_rate_limit must be greater than 0 and at most 10000 requests per second."
  }
}

variable "stage_throttle_burst_limit" {
  description = "Burst (token bucket size) allowed on every method of the stage."
  type        = number
  default     = 40

  validation {
    condition     = var.stage_throttle_burst_limit >= 1 && var.stage_throttle_burst_limit <= 5000 && floor(var.stage_throttle_burst_limit) == var.stage_throttle_burst_limit
    error_message = "stage_throttle_burst_limit must be a whole number between 1 and 5000."
  }
}

variable "key_throttle_rate_limit" {
  description = "Requests per second allowed for one API key (usage plan throttle)."
  type        = number
  default     = 10

  validation {
    condition     = var.key_throttle_rate_limit > 0 && var.key_throttle_rate_limit <= 10000
    error_message = "key_throttle_rate_limit must be greater than 0 and at most 10000 requests per second."
  }
}

variable "key_throttle_burst_limit" {
  description = "Burst allowed for one API key (usage plan throttle)."
  type        = number
  default     = 20

  validation {
    condition     = var.key_throttle_burst_limit >= 1 && var.key_throttle_burst_limit <= 5000 && floor(var.key_throttle_burst_limit) == var.key_throttle_burst_limit
    error_message = "key_throttle_burst_limit must be a whole number between 1 and 5000."
  }
}

variable "quota_limit" {
  description = "Requests one API key may make per quota_period (usage plan quota)."
  type        = number
  default     = 10000

  validation {
    condition     = var.quota_limit >= 1 && floor(var.quota_limit) == var.quota_limit
    error_message = "quota_limit must be a whole number of at least 1."
  }
}

variable "quota_period" {
  description = "Period of the usage plan quota: DAY, WEEK or MONTH."
  type        = string
  default     = "DAY"

  validation {
    condition     = contains(["DAY", "WEEK", "MONTH"], var.quota_period)
    error_message = "quota_period must be DAY, WEEK or MONTH."
  }
}

variable "access_log_retention_days" {
  description = "Retention of the access log group, in days (one of the values CloudWatch accepts)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.access_log_retention_days)
    error_message = "access_log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "execution_logging_level" {
  description = "API Gateway execution logging for every method: OFF, ERROR or INFO. Access logs are always on."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["OFF", "ERROR", "INFO"], var.execution_logging_level)
    error_message = "execution_logging_level must be OFF, ERROR or INFO."
  }
}

variable "xray_tracing_enabled" {
  description = "Enable X-Ray tracing on the stage."
  type        = bool
  default     = false
}

variable "manage_account_logging_role" {
  description = "Create the account-level (per region) role that API Gateway uses to write logs, and register it with aws_api_gateway_account. Set false if the account already has one managed elsewhere: there is only one per region."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
