# Security rules of the Triage infrastructure, enforced as preconditions.
#
# Each rule is a terraform_data resource whose precondition fails the plan (or
# the apply, when the inspected values are only known then) and names the
# offending resources. terraform_data creates nothing in AWS; one resource per
# rule lets a test expect the failure of exactly one rule (expect_failures).

locals {
  cloudwatch_retention_days = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]

  # Rule 1: no Allow statement grants a wildcard action ("*", "s3:*", "s3:Get*"),
  # nor uses NotAction (an allow-everything-except in disguise). Deny statements
  # may use wildcards: denying more is never a privilege.
  wildcard_allow_actions = flatten([
    for role, statements in var.iam_policies : [
      for statement in statements : concat(
        [for action in statement.Action : "${role}: ${action}" if strcontains(action, "*") || strcontains(action, "?")],
        statement.NotAction == null ? [] : ["${role}: NotAction ${join(",", statement.NotAction)}"],
      ) if statement.Effect == "Allow"
    ]
  ])

  # Rule 2: every bucket blocks all four kinds of public access.
  public_buckets = [
    for name, bucket in var.buckets : name
    if !(bucket.block_public_acls && bucket.block_public_policy && bucket.ignore_public_acls && bucket.restrict_public_buckets)
  ]

  # Rule 3: every bucket has default encryption.
  unencrypted_buckets = [
    for name, bucket in var.buckets : name
    if !contains(["AES256", "aws:kms", "aws:kms:dsse"], coalesce(bucket.sse_algorithm, "none"))
  ]

  # Rule 4: every bucket policy denies requests that do not use TLS, for the
  # bucket and its objects, whoever makes them.
  buckets_without_tls_deny = [
    for name, bucket in var.buckets : name
    if !anytrue([
      for statement in try(jsondecode(bucket.policy).Statement, []) : try(
        statement.Effect == "Deny"
        && contains(["*", jsonencode({ AWS = "*" })], try(tostring(statement.Principal), jsonencode(statement.Principal)))
        && contains(flatten([statement.Action]), "s3:*")
        && lower(tostring(statement.Condition.Bool["aws:SecureTransport"])) == "false"
        && anytrue([for resource in flatten([statement.Resource]) : endswith(resource, "/*")]),
        false
      )
    ])
  ]

  # Rule 5: every queue that is not itself a dead-letter queue has a redrive
  # policy to one, with a bounded receive count.
  queues_without_dlq = [
    for name, queue in var.queues : name
    if !queue.dead_letter_queue && !try(
      jsondecode(queue.redrive_policy).maxReceiveCount >= 1 && length(jsondecode(queue.redrive_policy).deadLetterTargetArn) > 0,
      false
    )
  ]

  # Rule 6: every queue is encrypted at rest (SSE-SQS or a KMS key).
  unencrypted_queues = [
    for name, queue in var.queues : name
    if !(coalesce(queue.sqs_managed_sse_enabled, false) || try(length(queue.kms_master_key_id) > 0, false))
  ]

  # Rule 7: every log group expires its events.
  log_groups_without_retention = [
    for name, days in var.log_groups : "${name} (${days == null ? "never" : days})"
    if !contains(local.cloudwatch_retention_days, coalesce(days, 0))
  ]

  # Rule 8: SQS event source mappings report partial batch failures, so one bad
  # message does not send its whole batch back to the queue.
  mappings_without_partial_failures = [
    for name, types in var.event_source_mappings : name
    if !contains(types == null ? [] : types, "ReportBatchItemFailures")
  ]

  # Rule 9: every API stage is throttled (stage-wide and per key), has a quota,
  # requires an API key on every method and writes access logs.
  unprotected_api_stages = [
    for name, stage in var.api_stages : name
    if !(
      coalesce(stage.stage_rate_limit, 0) > 0 && coalesce(stage.stage_burst_limit, 0) > 0
      && coalesce(stage.key_rate_limit, 0) > 0 && coalesce(stage.key_burst_limit, 0) > 0
      && coalesce(stage.quota_limit, 0) > 0
      && stage.api_key_required && stage.access_logs_on
    )
  ]
}

resource "terraform_data" "iam_no_wildcard_actions" {
  input = sort(keys(var.iam_policies))
  lifecycle {
    precondition {
      condition     = length(local.wildcard_allow_actions) == 0
      error_message = "IAM Allow statements must name their actions exactly (least privilege). Wildcard actions found: ${join("; ", local.wildcard_allow_actions)}."
    }
  }
}

resource "terraform_data" "buckets_block_public_access" {
  input = sort(keys(var.buckets))
  lifecycle {
    precondition {
      condition     = length(local.public_buckets) == 0
      error_message = "Every S3 bucket must block public access (all four public access block settings true). Not blocked: ${join(", ", local.public_buckets)}."
    }
  }
}

resource "terraform_data" "buckets_encrypted" {
  input = sort(keys(var.buckets))
  lifecycle {
    precondition {
      condition     = length(local.unencrypted_buckets) == 0
      error_message = "Every S3 bucket must have default encryption (AES256 or aws:kms). Unencrypted: ${join(", ", local.unencrypted_buckets)}."
    }
  }
}

resource "terraform_data" "buckets_tls_only" {
  input = sort(keys(var.buckets))
  lifecycle {
    precondition {
      condition     = length(local.buckets_without_tls_deny) == 0
      error_message = "Every S3 bucket policy must deny s3:* to everyone when aws:SecureTransport is false. Missing on: ${join(", ", local.buckets_without_tls_deny)}."
    }
  }
}

resource "terraform_data" "queues_have_dead_letter_queue" {
  input = sort(keys(var.queues))
  lifecycle {
    precondition {
      condition     = length(local.queues_without_dlq) == 0
      error_message = "Every SQS queue (other than a dead-letter queue) must have a redrive policy to a dead-letter queue. Missing on: ${join(", ", local.queues_without_dlq)}."
    }
  }
}

resource "terraform_data" "queues_encrypted" {
  input = sort(keys(var.queues))
  lifecycle {
    precondition {
      condition     = length(local.unencrypted_queues) == 0
      error_message = "Every SQS queue must be encrypted (SSE-SQS or KMS). Unencrypted: ${join(", ", local.unencrypted_queues)}."
    }
  }
}

resource "terraform_data" "log_groups_expire" {
  input = sort(keys(var.log_groups))
  lifecycle {
    precondition {
      condition     = length(local.log_groups_without_retention) == 0
      error_message = "Every CloudWatch log group must have a retention CloudWatch accepts (never-expire is not allowed). Offending: ${join(", ", local.log_groups_without_retention)}."
    }
  }
}

resource "terraform_data" "event_source_mappings_report_batch_item_failures" {
  input = sort(keys(var.event_source_mappings))
  lifecycle {
    precondition {
      condition     = length(local.mappings_without_partial_failures) == 0
      error_message = "Every SQS event source mapping must set function_response_types = [\"ReportBatchItemFailures\"]. Missing on: ${join(", ", local.mappings_without_partial_failures)}."
    }
  }
}

resource "terraform_data" "api_stages_protected" {
  input = sort(keys(var.api_stages))
  lifecycle {
    precondition {
      condition     = length(local.unprotected_api_stages) == 0
      error_message = "Every API stage must be throttled (stage and usage plan), have a quota, require an API key on every method and write access logs. Not so: ${join(", ", local.unprotected_api_stages)}."
    }
  }
}
