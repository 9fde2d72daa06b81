output "mail_bucket_name" {
  description = "Bucket receiving raw e-mails."
  value       = aws_s3_bucket.mail.bucket
}

output "mail_bucket_arn" {
  description = "ARN of the mail bucket."
  value       = aws_s3_bucket.mail.arn
}

output "incoming_prefix" {
  description = "Key prefix of raw e-mails."
  value       = var.incoming_prefix
}

output "input_queue_url" {
  description = "URL of the queue of S3 events for new e-mails (consumed by classifyEmail)."
  value       = aws_sqs_queue.input.id
}

output "input_queue_arn" {
  description = "ARN of the input queue."
  value       = aws_sqs_queue.input.arn
}

output "input_queue_name" {
  description = "Name of the input queue (its age-of-oldest-message alarm)."
  value       = aws_sqs_queue.input.name
}

output "dead_letter_queue_names" {
  description = "Names of the two dead-letter queues: input (e-mails classifyEmail failed) and output (results nobody consumed)."
  value       = { email_input = aws_sqs_queue.input_dlq.name, email_results = aws_sqs_queue.output_dlq.name }
}

output "result_max_message_bytes" {
  description = "Largest result message the output queue accepts; give it to classifyEmail (TRIAGE_EMAIL_MAX_RESULT_BYTES), which checks each result against it before sending."
  value       = aws_sqs_queue.output.max_message_size
}

output "ses_setup_object_key" {
  description = "Key of the object SES writes when the receipt rule is created. It lies inside the notification's filter prefix (S3 filters by prefix and suffix only, and SES names mail by message id), so classifyEmail receives its event and acknowledges it without classifying."
  value       = "${var.incoming_prefix}AMAZON_SES_SETUP_NOTIFICATION"
}

output "input_dlq_url" {
  description = "URL of the input queue's dead-letter queue: e-mails classifyEmail failed max_receive_count times."
  value       = aws_sqs_queue.input_dlq.id
}

output "output_queue_url" {
  description = "URL of the queue of classification results (TRIAGE_EMAIL_OUTPUT_QUEUE_URL)."
  value       = aws_sqs_queue.output.id
}

output "output_queue_arn" {
  description = "ARN of the output queue."
  value       = aws_sqs_queue.output.arn
}

output "output_dlq_url" {
  description = "URL of the output queue's dead-letter queue."
  value       = aws_sqs_queue.output_dlq.id
}

output "input_visibility_timeout_seconds" {
  description = "Visibility timeout applied to the input queue."
  value       = local.input_visibility_timeout
}

output "receipt_rule_set_name" {
  description = "Name of the SES receipt rule set (activate it if activate_rule_set is false)."
  value       = aws_ses_receipt_rule_set.this.rule_set_name
}

output "event_source_mapping_uuid" {
  description = "UUID of the SQS -> classifyEmail event source mapping."
  value       = aws_lambda_event_source_mapping.input.uuid
}

output "consumer_policy_statements" {
  description = "IAM statements classifyEmail needs for this pipeline; pass to modules/lambda_function's additional_policy_statements."
  value       = local.consumer_policy_statements
}

output "security_facts" {
  description = "What the guardrails module checks about this module's resources (see modules/guardrails)."
  value = {
    iam_policies = {}
    buckets = {
      (var.mail_bucket_name) = {
        block_public_acls       = aws_s3_bucket_public_access_block.mail.block_public_acls
        block_public_policy     = aws_s3_bucket_public_access_block.mail.block_public_policy
        ignore_public_acls      = aws_s3_bucket_public_access_block.mail.ignore_public_acls
        restrict_public_buckets = aws_s3_bucket_public_access_block.mail.restrict_public_buckets
        sse_algorithm           = one(flatten([for rule in aws_s3_bucket_server_side_encryption_configuration.mail.rule : rule.apply_server_side_encryption_by_default[*].sse_algorithm]))
        policy                  = aws_s3_bucket_policy.mail.policy
      }
    }
    queues = {
      (local.input_queue_name)  = { dead_letter_queue = false, redrive_policy = aws_sqs_queue.input.redrive_policy, sqs_managed_sse_enabled = aws_sqs_queue.input.sqs_managed_sse_enabled, kms_master_key_id = aws_sqs_queue.input.kms_master_key_id }
      (local.input_dlq_name)    = { dead_letter_queue = true, redrive_policy = aws_sqs_queue.input_dlq.redrive_policy, sqs_managed_sse_enabled = aws_sqs_queue.input_dlq.sqs_managed_sse_enabled, kms_master_key_id = aws_sqs_queue.input_dlq.kms_master_key_id }
      (local.output_queue_name) = { dead_letter_queue = false, redrive_policy = aws_sqs_queue.output.redrive_policy, sqs_managed_sse_enabled = aws_sqs_queue.output.sqs_managed_sse_enabled, kms_master_key_id = aws_sqs_queue.output.kms_master_key_id }
      (local.output_dlq_name)   = { dead_letter_queue = true, redrive_policy = aws_sqs_queue.output_dlq.redrive_policy, sqs_managed_sse_enabled = aws_sqs_queue.output_dlq.sqs_managed_sse_enabled, kms_master_key_id = aws_sqs_queue.output_dlq.kms_master_key_id }
    }
    log_groups = {}
    event_source_mappings = {
      "${local.input_queue_name}->${var.consumer_function_name}" = aws_lambda_event_source_mapping.input.function_response_types
    }
    api_stages = {}
  }
}

output "event_source_mapping_maximum_concurrency" {
  description = "Most concurrent classifyEmail invocations the queue's pollers start (null: no bound)."
  value       = one(aws_lambda_event_source_mapping.input.scaling_config[*].maximum_concurrency)
}

output "event_source_mapping_target" {
  description = "Function or alias ARN the event source mapping invokes."
  value       = aws_lambda_event_source_mapping.input.function_name
}
