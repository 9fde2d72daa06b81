# E-mail ingest pipeline:
#   SES receipt rule --(S3 action)--> mail bucket incoming/
#   --(S3 event notification)--> input queue (DLQ) --(event source mapping)--> classifyEmail
#   classifyEmail --> output queue (DLQ)

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  rule_set_name = "${var.name_prefix}-inbound"
  rule_name     = "${var.name_prefix}-store-raw-mail"

  input_queue_name  = "${var.name_prefix}-email-input"
  input_dlq_name    = "${var.name_prefix}-email-input-dlq"
  output_queue_name = "${var.name_prefix}-email-results"
  output_dlq_name   = "${var.name_prefix}-email-results-dlq"

  # A message stays invisible while a batch is processed; if the function times
  # out the message must not reappear (and be processed twice) before the
  # invocation is over, retries included. AWS's guidance: >= 6 x function
  # timeout, plus the batching window during which messages are already taken.
  minimum_input_visibility_timeout = 6 * var.consumer_timeout_seconds
  input_visibility_timeout = (var.input_visibility_timeout_seconds != null
    ? var.input_visibility_timeout_seconds
  : local.minimum_input_visibility_timeout + var.maximum_batching_window_seconds)

  # SES checks at rule creation that it may write here, so the ARN is built from
  # names (not from the rule resource, which is created after this policy).
  receipt_rule_arn = "arn:${local.partition}:ses:${local.region}:${local.account_id}:receipt-rule-set/${local.rule_set_name}:receipt-rule/${local.rule_name}"

  mail_bucket_policy_statements = [
    {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      # Deny on every action is intended: plain HTTP must fail whatever it tries.
      Action    = ["s3:*"]
      Resource  = [aws_s3_bucket.mail.arn, "${aws_s3_bucket.mail.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    },
    {
      Sid       = "AllowSesToStoreIncomingMail"
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = ["s3:PutObject"]
      Resource  = ["${aws_s3_bucket.mail.arn}/${var.incoming_prefix}*"]
      # Confused-deputy guard: only SES acting for this account's rule.
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = local.receipt_rule_arn }
      }
    },
  ]

  input_queue_policy_statements = [
    {
      Sid       = "AllowMailBucketNotifications"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = ["sqs:SendMessage"]
      Resource  = [aws_sqs_queue.input.arn]
      Condition = {
        ArnEquals    = { "aws:SourceArn" = aws_s3_bucket.mail.arn }
        StringEquals = { "aws:SourceAccount" = local.account_id }
      }
    },
  ]

  # What classifyEmail needs from this pipeline, in the shape that
  # modules/lambda_function's additional_policy_statements expects. The IAM
  # contract (infra/tests/iam-contract) holds the function's recorded calls
  # against these. The ...Version actions: when the bucket is versioned, S3
  # notifications carry a versionId, the function reads and tags that version,
  # and IAM then checks the ...Version actions instead.
  consumer_policy_statements = [
    {
      # Raw e-mails are read once per S3 event.
      sid        = "ReadIncomingMail"
      actions    = ["s3:GetObject", "s3:GetObjectVersion"]
      resources  = ["${aws_s3_bucket.mail.arn}/${var.incoming_prefix}*"]
      conditions = []
    },
    {
      # The function reads an e-mail's tags (a result already recorded there
      # makes a redelivered event harmless; tags of its own are kept), then
      # writes them with its classification or a triage-error.
      sid        = "TagIncomingMail"
      actions    = ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"]
      resources  = ["${aws_s3_bucket.mail.arn}/${var.incoming_prefix}*"]
      conditions = []
    },
    {
      # The event source mapping polls with the function's role.
      sid        = "ConsumeInputQueue"
      actions    = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      resources  = [aws_sqs_queue.input.arn]
      conditions = []
    },
    {
      sid        = "SendResults"
      actions    = ["sqs:SendMessage"]
      resources  = [aws_sqs_queue.output.arn]
      conditions = []
    },
  ]
}

# ---------------------------------------------------------------- mail bucket

resource "aws_s3_bucket" "mail" {
  bucket        = var.mail_bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "mail" {
  bucket                  = aws_s3_bucket.mail.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "mail" {
  bucket = aws_s3_bucket.mail.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "mail" {
  bucket = aws_s3_bucket.mail.id
  rule {
    apply_server_side_encryption_by_default {
      # SSE-S3: SES's S3 action can write to it without a KMS key policy.
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "mail" {
  bucket = aws_s3_bucket.mail.id

  rule {
    id     = "expire-raw-mail"
    status = "Enabled"
    filter {
      prefix = var.incoming_prefix
    }
    expiration {
      days = var.mail_expiration_days
    }
  }

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

resource "aws_s3_bucket_policy" "mail" {
  bucket = aws_s3_bucket.mail.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.mail_bucket_policy_statements
  })
  depends_on = [aws_s3_bucket_public_access_block.mail]
}

# ---------------------------------------------------------------- queues

resource "aws_sqs_queue" "input_dlq" {
  name                      = local.input_dlq_name
  message_retention_seconds = var.dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "input" {
  name                       = local.input_queue_name
  visibility_timeout_seconds = local.input_visibility_timeout
  message_retention_seconds  = var.message_retention_seconds
  # SSE-SQS: S3 event notifications cannot publish to queues encrypted with the
  # AWS managed KMS key, and SSE-SQS needs no key policy.
  sqs_managed_sse_enabled   = true
  receive_wait_time_seconds = 20 # long polling

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.input_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags

  lifecycle {
    precondition {
      condition     = local.input_visibility_timeout >= local.minimum_input_visibility_timeout
      error_message = "The input queue's visibility timeout (${local.input_visibility_timeout}s) must be at least 6 x the classifyEmail timeout (${local.minimum_input_visibility_timeout}s), or messages reappear while still being processed."
    }
    precondition {
      condition     = local.input_visibility_timeout <= 43200
      error_message = "The input queue's visibility timeout (${local.input_visibility_timeout}s) exceeds SQS's maximum of 43200s: lower the classifyEmail timeout or the batching window."
    }
  }
}

resource "aws_sqs_queue_redrive_allow_policy" "input_dlq" {
  queue_url = aws_sqs_queue.input_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.input.arn]
  })
}

resource "aws_sqs_queue_policy" "input" {
  queue_url = aws_sqs_queue.input.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.input_queue_policy_statements
  })
}

resource "aws_sqs_queue" "output_dlq" {
  name                      = local.output_dlq_name
  message_retention_seconds = var.dlq_message_retention_seconds
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "output" {
  name                      = local.output_queue_name
  message_retention_seconds = var.message_retention_seconds
  # Set, not defaulted: classifyEmail checks each result against this size
  # before it sends it (docs/aws-limits.md).
  max_message_size          = var.result_max_message_bytes
  sqs_managed_sse_enabled   = true
  receive_wait_time_seconds = 20

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.output_dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

resource "aws_sqs_queue_redrive_allow_policy" "output_dlq" {
  queue_url = aws_sqs_queue.output_dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.output.arn]
  })
}

# ---------------------------------------------------------------- wiring

resource "aws_s3_bucket_notification" "mail" {
  bucket = aws_s3_bucket.mail.id

  queue {
    id            = "incoming-mail-to-input-queue"
    queue_arn     = aws_sqs_queue.input.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = var.incoming_prefix
  }

  # S3 sends a test event when the configuration is saved and rejects it if the
  # queue policy does not yet allow s3.amazonaws.com.
  depends_on = [aws_sqs_queue_policy.input]
}

resource "aws_ses_receipt_rule_set" "this" {
  rule_set_name = local.rule_set_name
}

resource "aws_ses_receipt_rule" "store" {
  name          = local.rule_name
  rule_set_name = aws_ses_receipt_rule_set.this.rule_set_name
  recipients    = var.recipients
  enabled       = true
  scan_enabled  = true      # spam and virus verdicts in the stored headers
  tls_policy    = "Require" # refuse mail delivered over plain SMTP

  s3_action {
    position          = 1
    bucket_name       = aws_s3_bucket.mail.id
    object_key_prefix = var.incoming_prefix
  }

  # SES writes a test object at rule creation: the bucket policy must allow it first.
  depends_on = [aws_s3_bucket_policy.mail]
}

resource "aws_ses_active_receipt_rule_set" "this" {
  count         = var.activate_rule_set ? 1 : 0
  rule_set_name = aws_ses_receipt_rule_set.this.rule_set_name
}

resource "aws_lambda_event_source_mapping" "input" {
  event_source_arn                   = aws_sqs_queue.input.arn
  function_name                      = var.consumer_invoke_target_arn
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_seconds
  # The function returns the ids of the messages it failed; only those return
  # to the queue (and eventually the DLQ) instead of the whole batch.
  function_response_types = ["ReportBatchItemFailures"]

  dynamic "scaling_config" {
    for_each = var.maximum_concurrency == null ? [] : [var.maximum_concurrency]
    content {
      maximum_concurrency = scaling_config.value
    }
  }

  lifecycle {
    precondition {
      condition     = var.batch_size <= 10 || var.maximum_batching_window_seconds >= 1
      error_message = "A batch_size above 10 requires maximum_batching_window_seconds of at least 1 (an SQS event source limit)."
    }
    # Lambda's advice: never more concurrent polls than the function may run.
    # A poll beyond the reserved concurrency is throttled, its messages return
    # to the queue with their receive count raised, and enough of those send
    # mail that was never processed to the dead-letter queue.
    precondition {
      condition     = var.consumer_reserved_concurrency == null || var.maximum_concurrency == null ? true : var.maximum_concurrency <= var.consumer_reserved_concurrency
      error_message = "maximum_concurrency (${coalesce(var.maximum_concurrency, 0)}) must not exceed the consumer's reserved concurrency (${coalesce(var.consumer_reserved_concurrency, 0)}): throttled polls would dead-letter mail that was never processed."
    }
    precondition {
      condition     = var.consumer_reserved_concurrency == null || var.maximum_concurrency != null
      error_message = "With a reserved concurrency on the consumer, maximum_concurrency must be set (at most that reservation), or the queue's pollers can outrun it."
    }
  }
}
