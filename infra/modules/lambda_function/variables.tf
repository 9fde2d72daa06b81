variable "function_name" {
  description = "Name of the Lambda function (also names its role and its log group /aws/lambda/<name>)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,56}$", var.function_name))
    error_message = "function_name must be 1-56 letters, digits, '-' or '_' (56, not 64, so that the role name <name>-role fits IAM's 64-character limit)."
  }
}

variable "funqy_export" {
  description = "Which Funqy function of the shared artifact this Lambda serves (QUARKUS_FUNQY_EXPORT)."
  type        = string

  validation {
    condition     = contains(["classify", "classifyEmail", "classifyArchive", "health"], var.funqy_export)
    error_message = "funqy_export must be one of: classify, classifyEmail, classifyArchive, health."
  }
}

variable "flavour" {
  description = "Build flavour of function.zip: \"jvm\" (runtime java21), \"jdk25\" (runtime provided.al2023: a jlinked JDK 25 with a Project Leyden AOT cache, infra/bin/build --jdk25) or \"native\" (runtime provided.al2023, built with -Dnative)."
  type        = string
  default     = "jvm"

  validation {
    condition     = contains(["jvm", "jdk25", "native"], var.flavour)
    error_message = "flavour must be \"jvm\", \"jdk25\" or \"native\"."
  }
}

variable "code" {
  description = "Where the function's zip is in S3 (modules/artifact_store's objects): bucket, key, object version, and its sha256 as Lambda reports it (base64). The module never uploads code directly: Lambda's limit for that is 50 MB."
  type = object({
    s3_bucket         = string
    s3_key            = string
    s3_object_version = string
    sha256            = string
  })

  validation {
    condition     = var.code.s3_bucket != null && var.code.s3_key != null && endswith(var.code.s3_key, ".zip")
    error_message = "code must name the bucket and the key of a .zip (the Quarkus function.zip uploaded by modules/artifact_store)."
  }
}

variable "model_location" {
  description = "s3://<bucket>/models/<name>/<version>/ URI of the model bundle the function loads at init: TRIAGE_MODEL_LOCATION, or TRIAGE_EMAIL_MODEL_LOCATION for classifyEmail. The function may read exactly this prefix and nothing else of the bucket."
  type        = string

  validation {
    condition     = var.model_location != null && can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/models/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/[A-Za-z0-9][A-Za-z0-9._-]{0,127}/$", var.model_location))
    error_message = "model_location must be the URI of a published bundle, s3://<bucket>/models/<name>/<version>/ with the trailing slash (infra/bin/publish-model prints it)."
  }
}

variable "model_read_prefix" {
  description = "For a function whose model is chosen per job (classifyArchive: infra/bin/classify-archive sets its model variables before each run), the published-models prefix it may read, s3://<bucket>/models/, instead of exactly model_location's bundle. null: exactly model_location. Published bundles are write-once and the function pins the one it loads by its triage.json's sha256."
  type        = string
  default     = null

  validation {
    condition     = var.model_read_prefix == null || can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/models/$", var.model_read_prefix))
    error_message = "model_read_prefix must be null or s3://<bucket>/models/ (published bundles only, never staging/, data/ or training/)."
  }
}

variable "model_sha256" {
  description = "sha256 (hex) of the bundle's triage.json, which lists the sha256 of every other file: TRIAGE_MODEL_SHA256, or TRIAGE_EMAIL_MODEL_SHA256 for classifyEmail. The function refuses at init a bundle whose triage.json differs. null: not pinned (infra/bin/deploy always pins)."
  type        = string
  default     = null

  validation {
    condition     = var.model_sha256 == null || can(regex("^[0-9a-f]{64}$", var.model_sha256))
    error_message = "model_sha256 must be 64 lower-case hex digits (sha256sum of triage.json)."
  }
}

variable "model_kms_key_arn" {
  description = "KMS key that encrypts the model bucket, if any: the function then also needs kms:Decrypt on it. null for SSE-S3 buckets."
  type        = string
  default     = null
}

variable "extra_environment" {
  description = "Additional environment variables (e.g. TRIAGE_EMAIL_OUTPUT_QUEUE_URL). Cannot override the variables this module sets itself."
  type        = map(string)
  default     = {}

  validation {
    condition = length(setintersection(keys(var.extra_environment), [
      "QUARKUS_FUNQY_EXPORT", "TRIAGE_MODEL_LOCATION", "TRIAGE_EMAIL_MODEL_LOCATION", "TRIAGE_MODEL_SHA256", "TRIAGE_EMAIL_MODEL_SHA256",
      "JAVA_TOOL_OPTIONS", "DISABLE_SIGNAL_HANDLERS",
    ])) == 0
    error_message = "extra_environment must not set QUARKUS_FUNQY_EXPORT, TRIAGE_(EMAIL_)MODEL_LOCATION, TRIAGE_(EMAIL_)MODEL_SHA256, JAVA_TOOL_OPTIONS or DISABLE_SIGNAL_HANDLERS: they have their own variables."
  }
}

variable "java_tool_options" {
  description = "JAVA_TOOL_OPTIONS for the JVM flavour. The default stops tiered compilation at C1, as AWS recommends for Lambda cold starts (measured: docs/benchmarks.md, \"Cold start\"). null leaves it unset. Ignored by the jdk25 flavour (its bootstrap sets the JVM options its AOT cache was made with) and the native flavour."
  type        = string
  default     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
}

variable "memory_size" {
  description = "Memory in MB. Lambda allots CPU in proportion to memory, and ONNX inference is CPU-bound."
  type        = number
  default     = 2048

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Function timeout in seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "ephemeral_storage_mb" {
  description = "Size of /tmp in MB: the model bundle and the DJL cache are written there at init. SnapStart requires 512."
  type        = number
  default     = 1024

  validation {
    condition     = var.ephemeral_storage_mb >= 512 && var.ephemeral_storage_mb <= 10240 && floor(var.ephemeral_storage_mb) == var.ephemeral_storage_mb
    error_message = "ephemeral_storage_mb must be a whole number between 512 and 10240."
  }
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions: caps the cost of a traffic spike and protects the account's other functions. null (or -1) means unreserved; 0 disables the function. Reservations must leave the account 100 unreserved (docs/aws-limits.md)."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrency == null || try(var.reserved_concurrency >= -1 && var.reserved_concurrency <= 10000 && floor(var.reserved_concurrency) == var.reserved_concurrency, false)
    error_message = "reserved_concurrency must be null or -1 (unreserved), or a whole number between 0 and 10000."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's CloudWatch log group, in days (one of the values CloudWatch accepts; never-expire is not allowed)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "snapstart_enabled" {
  description = "Enable SnapStart (JVM flavour only: a managed java runtime): publishes a version on every code change and points the alias \"live\" at it; callers then invoke the alias."
  type        = bool
  default     = false
}

variable "xray_tracing" {
  description = "Active X-Ray tracing. Adds xray:PutTraceSegments/PutTelemetryRecords to the role (those actions have no resource-level permissions, hence Resource \"*\")."
  type        = bool
  default     = false
}

variable "additional_policy_statements" {
  description = "Extra IAM statements for this function's role (e.g. the queues and mail prefix of classifyEmail). Actions must be named exactly: wildcards are refused."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for statement in var.additional_policy_statements : alltrue([for action in statement.actions : !strcontains(action, "*") && !strcontains(action, "?")])])
    error_message = "additional_policy_statements must name every action exactly: no \"*\" or \"?\" wildcards (least privilege)."
  }

  validation {
    condition     = alltrue([for statement in var.additional_policy_statements : length(statement.actions) > 0 && length(statement.resources) > 0 && can(regex("^[A-Za-z0-9]+$", statement.sid))])
    error_message = "Every additional policy statement needs an alphanumeric sid, at least one action and at least one resource."
  }
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
