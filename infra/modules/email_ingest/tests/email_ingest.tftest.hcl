# modules/email_ingest: SES -> S3 incoming/ -> SQS (DLQ) -> classifyEmail -> SQS (DLQ).

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix                = "triage-test"
  mail_bucket_name           = "triage-test-mail-123456789012"
  recipients                 = ["triage@mail.example.com"]
  consumer_function_name     = "triage-test-classify-email"
  consumer_invoke_target_arn = "arn:aws:lambda:eu-west-1:123456789012:function:triage-test-classify-email"
  consumer_timeout_seconds   = 120
}

run "pipeline_wiring" {
  command = apply

  # --- SES -> bucket ---
  assert {
    condition = alltrue([
      for action in aws_ses_receipt_rule.store.s3_action : action.bucket_name == aws_s3_bucket.mail.id && action.object_key_prefix == "incoming/"
    ]) && length(aws_ses_receipt_rule.store.s3_action) == 1
    error_message = "The receipt rule must store raw mail under incoming/ of the mail bucket."
  }

  assert {
    condition     = aws_ses_receipt_rule.store.recipients == toset(["triage@mail.example.com"]) && aws_ses_receipt_rule.store.rule_set_name == aws_ses_receipt_rule_set.this.rule_set_name
    error_message = "The rule must belong to the module's rule set and match only the configured recipients."
  }

  assert {
    condition = anytrue([
      # try(): HCL's && does not short-circuit, and other statements lack these keys.
      for s in jsondecode(aws_s3_bucket_policy.mail.policy).Statement : try(
        s.Effect == "Allow" && s.Principal == { Service = "ses.amazonaws.com" } && s.Action == ["s3:PutObject"]
        && s.Resource == ["${aws_s3_bucket.mail.arn}/incoming/*"]
        && s.Condition.StringEquals["aws:SourceAccount"] == "123456789012"
        && s.Condition.ArnLike["aws:SourceArn"] == "arn:aws:ses:eu-west-1:123456789012:receipt-rule-set/triage-test-inbound:receipt-rule/triage-test-store-raw-mail",
        false
      )
    ])
    error_message = "SES (for this account and rule only) must be allowed to write under incoming/."
  }

  assert {
    condition     = length(aws_ses_active_receipt_rule_set.this) == 0
    error_message = "The rule set must not replace the account's active one unless asked to."
  }

  # --- bucket -> input queue ---
  assert {
    condition = alltrue([
      for q in aws_s3_bucket_notification.mail.queue : q.queue_arn == aws_sqs_queue.input.arn && q.filter_prefix == "incoming/" && q.events == toset(["s3:ObjectCreated:*"])
    ]) && length(aws_s3_bucket_notification.mail.queue) == 1
    error_message = "Objects created under incoming/ must be notified to the input queue."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_sqs_queue_policy.input.policy).Statement : try(
        s.Effect == "Allow" && s.Principal == { Service = "s3.amazonaws.com" } && s.Action == ["sqs:SendMessage"]
        && s.Condition.ArnEquals["aws:SourceArn"] == aws_s3_bucket.mail.arn,
        false
      )
    ])
    error_message = "Only the mail bucket may send to the input queue."
  }

  # --- queues: DLQs, encryption, visibility ---
  assert {
    condition = (
      jsondecode(aws_sqs_queue.input.redrive_policy).deadLetterTargetArn == aws_sqs_queue.input_dlq.arn
      && jsondecode(aws_sqs_queue.input.redrive_policy).maxReceiveCount == 5
      && jsondecode(aws_sqs_queue.output.redrive_policy).deadLetterTargetArn == aws_sqs_queue.output_dlq.arn
    )
    error_message = "Input and output queues must each dead-letter into their own DLQ."
  }

  assert {
    condition     = alltrue([for q in [aws_sqs_queue.input, aws_sqs_queue.input_dlq, aws_sqs_queue.output, aws_sqs_queue.output_dlq] : q.sqs_managed_sse_enabled])
    error_message = "Every queue must be encrypted with SSE-SQS."
  }

  assert {
    condition     = aws_sqs_queue.input.visibility_timeout_seconds == 6 * 120 + 5
    error_message = "The input visibility timeout must be 6 x function timeout + batching window, got ${aws_sqs_queue.input.visibility_timeout_seconds}."
  }

  assert {
    condition     = jsondecode(aws_sqs_queue_redrive_allow_policy.input_dlq.redrive_allow_policy).sourceQueueArns == [aws_sqs_queue.input.arn]
    error_message = "The input DLQ must accept only the input queue's messages."
  }

  # --- input queue -> function ---
  assert {
    condition = (
      aws_lambda_event_source_mapping.input.event_source_arn == aws_sqs_queue.input.arn
      && aws_lambda_event_source_mapping.input.function_name == var.consumer_invoke_target_arn
      && aws_lambda_event_source_mapping.input.function_response_types == toset(["ReportBatchItemFailures"])
      && aws_lambda_event_source_mapping.input.batch_size == 10
      && aws_lambda_event_source_mapping.input.maximum_batching_window_in_seconds == 5
    )
    error_message = "The input queue must feed the consumer in batches that report item failures."
  }

  # --- what the consumer is allowed to do ---
  # Reading tags is part of tagging (MailStore.tags before putTags); the
  # ...Version actions cover a versioned bucket, whose events name a version.
  # The IAM contract (infra/tests/iam-contract) checks these against the calls
  # the function's tests record.
  assert {
    condition = output.consumer_policy_statements == [
      { sid = "ReadIncomingMail", actions = ["s3:GetObject", "s3:GetObjectVersion"], resources = ["${aws_s3_bucket.mail.arn}/incoming/*"], conditions = [] },
      { sid = "TagIncomingMail", actions = ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"], resources = ["${aws_s3_bucket.mail.arn}/incoming/*"], conditions = [] },
      { sid = "ConsumeInputQueue", actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"], resources = [aws_sqs_queue.input.arn], conditions = [] },
      { sid = "SendResults", actions = ["sqs:SendMessage"], resources = [aws_sqs_queue.output.arn], conditions = [] },
    ]
    error_message = "classifyEmail must get exactly: read and tag incoming mail, consume the input queue, send to the output queue."
  }

  # --- results: the size the function checks is the size the queue accepts ---
  assert {
    condition     = aws_sqs_queue.output.max_message_size == 262144
    error_message = "The output queue must accept results up to 262144 bytes (256 KiB), the size classifyEmail checks before sending."
  }

  # --- SES's setup object: one prefix for the rule, the notification and the grants ---
  # SES writes incoming/AMAZON_SES_SETUP_NOTIFICATION when the rule is created;
  # it is inside the notification's prefix (S3 filters by prefix and suffix
  # only), so classifyEmail gets its event, and acknowledges it unclassified.
  assert {
    condition = (
      one(aws_ses_receipt_rule.store.s3_action[*].object_key_prefix) == one(aws_s3_bucket_notification.mail.queue[*].filter_prefix)
      && alltrue([for s in output.consumer_policy_statements : alltrue([for r in s.resources : endswith(r, "/${one(aws_s3_bucket_notification.mail.queue[*].filter_prefix)}*")]) if startswith(s.sid, "ReadIncoming") || startswith(s.sid, "TagIncoming")])
      && output.ses_setup_object_key == "incoming/AMAZON_SES_SETUP_NOTIFICATION"
      && startswith(output.ses_setup_object_key, one(aws_s3_bucket_notification.mail.queue[*].filter_prefix))
    )
    error_message = "The receipt rule's prefix, the notification filter and the consumer's grants must be one prefix, which holds SES's setup object."
  }

  # --- mail retention ---
  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.mail.rule : try(r.status == "Enabled" && r.filter[0].prefix == "incoming/" && r.expiration[0].days == 30, false)
    ])
    error_message = "Raw mail must expire after mail_expiration_days."
  }
}

run "guardrails_accept_the_pipeline" {
  command = plan
  module {
    source = "../guardrails"
  }
  variables {
    buckets               = run.pipeline_wiring.security_facts.buckets
    queues                = run.pipeline_wiring.security_facts.queues
    event_source_mappings = run.pipeline_wiring.security_facts.event_source_mappings
  }
  assert {
    condition     = output.checked.queues == 4 && output.checked.buckets == 1 && output.checked.event_source_mappings == 1 && alltrue([for rule, offenders in output.violations : length(offenders) == 0])
    error_message = "The pipeline must pass the guardrails: ${jsonencode(output.violations)}."
  }
}

run "large_batches_with_window_and_concurrency_cap" {
  command = plan
  variables {
    batch_size                      = 100
    maximum_batching_window_seconds = 10
    maximum_concurrency             = 5
    consumer_reserved_concurrency   = 5
    activate_rule_set               = true
  }
  assert {
    condition     = aws_lambda_event_source_mapping.input.batch_size == 100 && aws_lambda_event_source_mapping.input.scaling_config[0].maximum_concurrency == 5
    error_message = "Batch size and the concurrency cap must reach the mapping."
  }
  assert {
    condition     = length(aws_ses_active_receipt_rule_set.this) == 1
    error_message = "activate_rule_set must activate the rule set."
  }
}

# --- refusals ---

run "visibility_below_six_times_timeout_refused" {
  command = plan
  variables {
    input_visibility_timeout_seconds = 300 # < 6 x 120
  }
  expect_failures = [aws_sqs_queue.input]
}

run "large_batch_without_window_refused" {
  command = plan
  variables {
    batch_size                      = 100
    maximum_batching_window_seconds = 0
  }
  expect_failures = [aws_lambda_event_source_mapping.input]
}

run "empty_recipients_refused" {
  command = plan
  variables {
    recipients = []
  }
  expect_failures = [var.recipients]
}

run "max_receive_count_out_of_range_refused" {
  command = plan
  variables {
    max_receive_count = 0
  }
  expect_failures = [var.max_receive_count]
}

run "incoming_prefix_without_slash_refused" {
  command = plan
  variables {
    incoming_prefix = "incoming"
  }
  expect_failures = [var.incoming_prefix]
}

# Lambda's advice: the pollers' maximum concurrency never above the function's
# reserved concurrency (throttled polls dead-letter unprocessed mail).
run "maximum_concurrency_above_the_reservation_refused" {
  command = plan
  variables {
    maximum_concurrency           = 6
    consumer_reserved_concurrency = 5
  }
  expect_failures = [aws_lambda_event_source_mapping.input]
}

run "reservation_without_a_concurrency_cap_refused" {
  command = plan
  variables {
    consumer_reserved_concurrency = 5
  }
  expect_failures = [aws_lambda_event_source_mapping.input]
}

# SQS event sources poll with at least 2 concurrent invocations.
run "reservation_below_two_refused" {
  command = plan
  variables {
    maximum_concurrency           = 2
    consumer_reserved_concurrency = 1
  }
  expect_failures = [var.consumer_reserved_concurrency]
}

run "maximum_concurrency_below_two_refused" {
  command = plan
  variables {
    maximum_concurrency = 1
  }
  expect_failures = [var.maximum_concurrency]
}

run "result_size_above_256_kib_refused" {
  command = plan
  variables {
    result_max_message_bytes = 1048576
  }
  expect_failures = [var.result_max_message_bytes]
}

# SQS: visibility timeout at most 12 hours, retention at most 14 days.
run "visibility_above_twelve_hours_refused" {
  command = plan
  variables {
    input_visibility_timeout_seconds = 43201
  }
  expect_failures = [var.input_visibility_timeout_seconds]
}

run "retention_above_fourteen_days_refused" {
  command = plan
  variables {
    message_retention_seconds = 1209601
  }
  expect_failures = [var.message_retention_seconds]
}
