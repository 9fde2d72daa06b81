# Defaults here ARE the dev environment's settings; infra/bin/deploy passes
# only what changes per deployment (artifact, model versions, trainer tag).

variable "region" {
  description = "AWS region. It must offer SES e-mail receiving (e.g. us-east-1, us-west-2, eu-west-1)."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name; bucket names add the account id to be globally unique."
  type        = string
  default     = "triage-dev"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-20 lower-case letters, digits or '-' (bucket names append -models-<12-digit account id>)."
  }
}

variable "function_zip" {
  description = "Path of the function artifact. null uses src/function/target/function.zip of this repository (what infra/bin/build produces). Uploaded to the artifact bucket; the functions are created from that object (Lambda takes at most 50 MB directly)."
  type        = string
  default     = null
}

variable "function_flavour" {
  description = "\"jvm\" (java21), \"jdk25\" or \"native\" (both provided.al2023): must match how function.zip was built (infra/bin/build, --jdk25, --native)."
  type        = string
  default     = "jvm"

  validation {
    condition     = contains(["jvm", "jdk25", "native"], var.function_flavour)
    error_message = "function_flavour must be \"jvm\", \"jdk25\" or \"native\"."
  }
}

variable "snapstart_enabled" {
  description = "SnapStart for the JVM flavour (publishes versions; the API and the queue then invoke the alias \"live\")."
  type        = bool
  default     = false
}

variable "java_tool_options" {
  description = "JAVA_TOOL_OPTIONS of the JVM functions (null: unset). Tiered compilation stopped at C1 shortens cold starts."
  type        = string
  default     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
}

variable "classify_model_uri" {
  description = "s3://<model bucket>/models/<name>/<version>/ of the text bundle served by classify and checked by health (e.g. an emotion model). Required to deploy the functions, together with email_model_uri (infra/bin/deploy passes both); may stay null only for a targeted bootstrap apply of the model store and training."
  type        = string
  default     = null

  validation {
    condition     = var.classify_model_uri == null || can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/models/[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*/$", var.classify_model_uri))
    error_message = "classify_model_uri must look like s3://<bucket>/models/<name>/<version>/ (with the trailing slash)."
  }
}

variable "email_model_uri" {
  description = "s3://<model bucket>/models/<name>/<version>/ of the ham/spam bundle classifyEmail serves, e.g. s3://<bucket>/models/spam-minilm-finetuned/1/. Never defaults to classify_model_uri (a text model has the wrong labels for e-mail): required whenever classify_model_uri is set (infra/bin/deploy passes it); may stay null only for a targeted bootstrap apply of the model store and training."
  type        = string
  default     = null

  validation {
    condition     = var.email_model_uri == null || can(regex("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/models/[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*/$", var.email_model_uri))
    error_message = "email_model_uri must look like s3://<bucket>/models/<name>/<version>/ (with the trailing slash)."
  }

  # Cross-variable validation (Terraform >= 1.9): fails `terraform plan` itself.
  validation {
    condition     = var.classify_model_uri == null || var.email_model_uri != null
    error_message = "email_model_uri must be set when classify_model_uri is: classifyEmail serves its own ham/spam bundle (e.g. s3://<bucket>/models/spam-minilm-finetuned/1/) and does not fall back to the classify model. infra/bin/deploy sets it with --email-model NAME/VERSION or --email-model-uri URI."
  }
}

variable "classify_model_sha256" {
  description = "sha256 (hex) of triage.json of the classify bundle (which lists every other file's sha256): classify and health refuse at init a bundle whose triage.json differs (TRIAGE_MODEL_SHA256). infra/bin/deploy reads and passes it."
  type        = string
  default     = null

  validation {
    condition     = var.classify_model_sha256 == null || can(regex("^[0-9a-f]{64}$", var.classify_model_sha256))
    error_message = "classify_model_sha256 must be 64 lower-case hex digits (sha256sum of the bundle's triage.json)."
  }

  validation {
    condition     = var.classify_model_uri == null || var.classify_model_sha256 != null
    error_message = "classify_model_sha256 must be set with classify_model_uri: the functions are pinned to the bundle's triage.json (infra/bin/deploy computes it from the published bundle)."
  }
}

variable "email_model_sha256" {
  description = "sha256 (hex) of triage.json of the ham/spam bundle: classifyEmail refuses at init a bundle whose triage.json differs (TRIAGE_EMAIL_MODEL_SHA256). infra/bin/deploy reads and passes it."
  type        = string
  default     = null

  validation {
    condition     = var.email_model_sha256 == null || can(regex("^[0-9a-f]{64}$", var.email_model_sha256))
    error_message = "email_model_sha256 must be 64 lower-case hex digits (sha256sum of the bundle's triage.json)."
  }

  validation {
    condition     = var.email_model_uri == null || var.email_model_sha256 != null
    error_message = "email_model_sha256 must be set with email_model_uri: classifyEmail is pinned to the bundle's triage.json (infra/bin/deploy computes it from the published bundle)."
  }
}

variable "trainer_image_tag" {
  description = "Tag of the trainer image to register in the Batch job definition (pushed by infra/bin/build --trainer-only --push). null: no job definition yet."
  type        = string
  default     = null
}

variable "functions" {
  description = "Sizing of each function: memory (MB), timeout (s) and reserved concurrency (optional: null = unreserved). Reservations need an account concurrency quota of at least their sum + 100, which Lambda keeps unreserved: the defaults (10 + 2 + 5) need 117 (see lambda_concurrency_quota)."
  type = object({
    classify       = object({ memory_size = number, timeout = number, reserved_concurrency = optional(number) })
    health         = object({ memory_size = number, timeout = number, reserved_concurrency = optional(number) })
    classify_email = object({ memory_size = number, timeout = number, reserved_concurrency = optional(number) })
    # The archive job's function: unreserved by default (a job borrows the
    # account's unreserved concurrency, at most archive.max_concurrency at once).
    # Its timeout bounds one batch; TRIAGE_ARCHIVE_TIME_BUDGET is a minute less.
    classify_archive = optional(object({ memory_size = number, timeout = number, reserved_concurrency = optional(number) }),
    { memory_size = 2048, timeout = 900 })
  })
  default = {
    classify         = { memory_size = 2048, timeout = 30, reserved_concurrency = 10 }
    health           = { memory_size = 1024, timeout = 30, reserved_concurrency = 2 }
    classify_email   = { memory_size = 2048, timeout = 120, reserved_concurrency = 5 }
    classify_archive = { memory_size = 2048, timeout = 900 }
  }
  # Ranges are validated by modules/lambda_function.

  # classifyArchive's time budget is its timeout less a minute for the results upload.
  validation {
    condition     = var.functions.classify_archive.timeout >= 120
    error_message = "functions.classify_archive.timeout must be at least 120 s: classifyArchive stops starting items a minute before it (TRIAGE_ARCHIVE_TIME_BUDGET) to upload its results."
  }
}

variable "lambda_concurrency_quota" {
  description = "The account's Lambda concurrent-executions quota in this region (aws lambda get-account-settings: AccountLimit.ConcurrentExecutions; infra/bin/deploy reads and passes it). The plan fails when the functions' reservations leave fewer than the 100 unreserved executions Lambda keeps. null: not checked."
  type        = number
  default     = null

  validation {
    # Without reservations there is nothing to leave unreserved.
    condition = var.lambda_concurrency_quota == null || try(
      sum([for f in values(var.functions) : max(coalesce(f.reserved_concurrency, 0), 0)]) == 0
      || var.lambda_concurrency_quota >= 100 + sum([for f in values(var.functions) : max(coalesce(f.reserved_concurrency, 0), 0)]),
      false
    )
    error_message = "The functions reserve ${sum([for f in values(var.functions) : max(coalesce(f.reserved_concurrency, 0), 0)])} concurrent executions and Lambda keeps 100 unreserved, so the account's concurrency quota must be at least ${100 + sum([for f in values(var.functions) : max(coalesce(f.reserved_concurrency, 0), 0)])}; it is ${coalesce(var.lambda_concurrency_quota, 0)}. Request an increase (Service Quotas, Lambda, Concurrent executions), or set the functions' reserved_concurrency to null (unreserved)."
  }
}

variable "log_retention_days" {
  description = "Retention of every log group of the environment, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "xray_tracing" {
  description = "X-Ray tracing on the API stage and the functions."
  type        = bool
  default     = false
}

variable "api_throttle" {
  description = "Stage-wide throttle (all keys), per-key throttle and per-key quota of the API."
  type = object({
    stage_rate_limit  = number
    stage_burst_limit = number
    key_rate_limit    = number
    key_burst_limit   = number
    quota_limit       = number
    quota_period      = string
  })
  default = {
    stage_rate_limit  = 20
    stage_burst_limit = 40
    key_rate_limit    = 10
    key_burst_limit   = 20
    quota_limit       = 10000
    quota_period      = "DAY"
  }
}

variable "api_authorization" {
  description = "How API callers authenticate: API_KEY (the key alone), or AWS_IAM (SigV4 by an IAM identity with the API's invoke policy, and the key, which the usage plan throttles and counts). docs/operations.md says when to use which."
  type        = string
  default     = "API_KEY"
}

variable "manage_api_gateway_account" {
  description = "Let this environment set the account's (per region) API Gateway logging role. false if another stack owns it."
  type        = bool
  default     = true
}

variable "email_recipients" {
  description = "Addresses or domains whose mail is classified. Replace with a domain verified in SES whose MX points to SES inbound."
  type        = list(string)
  default     = ["triage@example.com"]
}

variable "activate_receipt_rule_set" {
  description = "Activate the SES receipt rule set (replaces the region's currently active rule set)."
  type        = bool
  default     = false
}

variable "email_queue" {
  description = "Consumption of the e-mail input queue: batch size, batching window (s), receives before dead-lettering, mail retention in the bucket (days), most concurrent classifyEmail invocations (null: classifyEmail's reserved concurrency), and the age of the oldest waiting message (s) that raises an alarm."
  type = object({
    batch_size                      = number
    maximum_batching_window_seconds = number
    max_receive_count               = number
    mail_expiration_days            = number
    maximum_concurrency             = optional(number)
    max_age_alarm_seconds           = optional(number, 900)
  })
  default = {
    batch_size                      = 10
    maximum_batching_window_seconds = 5
    max_receive_count               = 5
    mail_expiration_days            = 30
  }

  # Lambda's advice: the pollers' maximum concurrency not above the function's
  # reserved concurrency, or throttled polls dead-letter unprocessed mail.
  validation {
    condition     = var.email_queue.maximum_concurrency != null || var.functions.classify_email.reserved_concurrency != null
    error_message = "email_queue.maximum_concurrency must be set when classifyEmail has no reserved concurrency: the queue's pollers must have a bound."
  }
}

variable "archive" {
  description = <<-EOT
    The archive job (modules/archive_job; infra/bin/classify-archive starts it):
      bucket, prefix: what it may classify (null: the mail bucket's incoming/, the mail classifyEmail already stores);
      manifest_bucket, manifest_prefix: where CSV and S3 Inventory manifests may be read (null: the archive bucket);
      results_bucket: where results go (null: a private bucket <name_prefix>-archive-results-<account> is created);
      results_prefix: key prefix of every job's results;
      max_concurrency: batches classified at once (Distributed Map's MaxConcurrency, at most 10,000; never above
        classify_archive's reserved concurrency, if it has one);
      max_items_per_batch: items per classifyArchive invocation;
      tolerated_failure_percentage: failed batches (0-100) a job survives.
  EOT
  type = object({
    bucket                       = optional(string)
    prefix                       = optional(string)
    manifest_bucket              = optional(string)
    manifest_prefix              = optional(string, "")
    results_bucket               = optional(string)
    results_prefix               = optional(string, "archive-results/")
    max_concurrency              = optional(number, 10)
    max_items_per_batch          = optional(number, 100)
    tolerated_failure_percentage = optional(number, 5)
  })
  default = {}
  # Ranges are validated by modules/archive_job.

  # Cross-variable validation (Terraform >= 1.9): batches above the function's
  # reservation would only be throttled and retried.
  validation {
    condition     = try(var.functions.classify_archive.reserved_concurrency == null || var.functions.classify_archive.reserved_concurrency == -1 || var.archive.max_concurrency <= var.functions.classify_archive.reserved_concurrency, true)
    error_message = "archive.max_concurrency (${var.archive.max_concurrency}) exceeds functions.classify_archive.reserved_concurrency: lower it, or raise (or drop) the reservation."
  }
}

variable "alarm_subscribers" {
  description = "Who hears the alarms (docs/operations.md): SNS subscriptions of the alarm topic, e.g. [{ protocol = \"email\", endpoint = \"oncall@example.com\" }] (e-mail subscriptions must be confirmed). Empty: alarms only change state in CloudWatch."
  type = list(object({
    protocol = string
    endpoint = string
  }))
  default = []
}

variable "api_p99_latency_alarm_ms" {
  description = "p99 latency of the API (ms, over 5 minutes) that raises an alarm. Cold starts (model download and load) fall into it."
  type        = number
  default     = 10000
}

variable "training" {
  description = "GPU training compute: instance types, vCPU ceiling, Spot, and the network (empty lists: default VPC and a generated egress-only security group)."
  type = object({
    instance_types     = list(string)
    max_vcpus          = number
    use_spot           = bool
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = {
    instance_types     = ["g5.xlarge", "g6.xlarge"]
    max_vcpus          = 16
    use_spot           = true
    subnet_ids         = []
    security_group_ids = []
  }
}

variable "force_destroy" {
  description = "Let terraform destroy buckets and the ECR repository that still hold data (dev convenience; never in prod)."
  type        = bool
  default     = false
}
