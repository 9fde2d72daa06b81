data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  # One artifact, three flavours: the native build ships its own bootstrap, so the
  # handler string is ignored by the provided runtime but must still be set.
  # The jdk25 flavour's bootstrap (a jlinked JDK 25 with a Project Leyden AOT
  # cache, docs/operations.md) passes the handler (_HANDLER) to AWS's runtime
  # interface client, as the java runtimes do.
  # A flavour is one entry: runtime, handler, and the environment it needs.
  # The native executable must not install signal handlers in Lambda's custom
  # runtime (Quarkus' Funqy/Lambda guide: DISABLE_SIGNAL_HANDLERS=true).
  runtime_by_flavour = {
    jvm    = { runtime = "java21", handler = "dev.triage.function.aws.HeadStartStreamHandler::handleRequest", environment = {} }
    jdk25  = { runtime = "provided.al2023", handler = "dev.triage.function.aws.HeadStartStreamHandler::handleRequest", environment = {} }
    native = { runtime = "provided.al2023", handler = "not.used.in.provided.runtime", environment = { DISABLE_SIGNAL_HANDLERS = "true" } }
  }
  runtime = local.runtime_by_flavour[var.flavour].runtime
  handler = local.runtime_by_flavour[var.flavour].handler

  # Which variables carry the model's location and its pinned sha256: classifyEmail
  # reads its own (the ham/spam bundle), classify and health the text model's.
  model_variables = {
    classify      = { location = "TRIAGE_MODEL_LOCATION", sha256 = "TRIAGE_MODEL_SHA256" }
    health        = { location = "TRIAGE_MODEL_LOCATION", sha256 = "TRIAGE_MODEL_SHA256" }
    classifyEmail = { location = "TRIAGE_EMAIL_MODEL_LOCATION", sha256 = "TRIAGE_EMAIL_MODEL_SHA256" }
    # An archive of e-mails is classified like classifyEmail's mail; a job over
    # texts gets TRIAGE_MODEL_LOCATION from infra/bin/classify-archive.
    classifyArchive = { location = "TRIAGE_EMAIL_MODEL_LOCATION", sha256 = "TRIAGE_EMAIL_MODEL_SHA256" }
  }[var.funqy_export]

  log_group_name = "/aws/lambda/${var.function_name}"

  # s3://bucket/models/name/version/ -> bucket, models/name/version/
  model_bucket = regex("^s3://([^/]+)/", var.model_location)[0]
  model_prefix = regex("^s3://[^/]+/(.*)$", var.model_location)[0]
  # What the role may read: the bundle, or every published bundle (model_read_prefix).
  readable_model_prefix = var.model_read_prefix == null ? local.model_prefix : regex("^s3://[^/]+/(.*)$", var.model_read_prefix)[0]

  environment = merge(
    {
      QUARKUS_FUNQY_EXPORT = var.funqy_export
      # DJL's cache folder and usage reporting are set by the code itself
      # (dev.triage.core.tokens.DjlDefaults), their one owner.
    },
    { (local.model_variables.location) = var.model_location },
    # The function refuses, at init, a bundle whose triage.json has another sha256.
    var.model_sha256 == null ? {} : { (local.model_variables.sha256) = var.model_sha256 },
    local.runtime_by_flavour[var.flavour].environment,
    var.flavour == "jvm" && var.java_tool_options != null ? { JAVA_TOOL_OPTIONS = var.java_tool_options } : {},
    var.extra_environment,
  )

  # Lambda measures the variables as the JSON object it stores (its error names
  # the string measured) and refuses more than 4 KB (docs/aws-limits.md).
  environment_bytes = length(jsonencode(local.environment))

  # Every statement below exists because the function cannot work without it:
  #  - WriteOwnLogs: the runtime writes to this function's log group only.
  #  - ReadModelBundle: the bundle files are downloaded at init; GetObject on
  #    exactly the bundle prefix.
  #  - ListModelBundle: lets the loader list the prefix (and get a 404 rather
  #    than a 403 for a missing file); restricted to that prefix by condition.
  base_statements = [
    {
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
    },
    {
      Sid      = "ReadModelBundle"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["arn:${data.aws_partition.current.partition}:s3:::${local.model_bucket}/${local.readable_model_prefix}*"]
    },
    {
      Sid       = "ListModelBundle"
      Effect    = "Allow"
      Action    = ["s3:ListBucket"]
      Resource  = ["arn:${data.aws_partition.current.partition}:s3:::${local.model_bucket}"]
      Condition = { StringLike = { "s3:prefix" = [local.readable_model_prefix, "${local.readable_model_prefix}*"] } }
    },
  ]

  kms_statements = var.model_kms_key_arn == null ? [] : [
    {
      Sid      = "DecryptModelBundle"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = [var.model_kms_key_arn]
    },
  ]

  # X-Ray has no resource-level permissions for these two actions.
  xray_statements = var.xray_tracing ? [
    {
      Sid      = "WriteTraces"
      Effect   = "Allow"
      Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      Resource = ["*"]
    },
  ] : []

  additional_statements = [
    for statement in var.additional_policy_statements : merge(
      {
        Sid      = statement.sid
        Effect   = "Allow"
        Action   = statement.actions
        Resource = statement.resources
      },
      length(statement.conditions) == 0 ? {} : {
        Condition = {
          for test in distinct([for condition in statement.conditions : condition.test]) : test => {
            for condition in statement.conditions : condition.variable => condition.values if condition.test == test
          }
        }
      },
    )
  ]

  policy_statements = concat(local.base_statements, local.kms_statements, local.xray_statements, local.additional_statements)
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_iam_role" "this" {
  name = "${var.function_name}-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
      # Confused-deputy guard: only Lambda acting for this account may assume it.
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name = "${var.function_name}-least-privilege"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.policy_statements
  })
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  role          = aws_iam_role.this.arn
  # Always from S3, never a direct upload: Lambda takes at most 50 MB of zip in
  # the request itself, the function zip is about 213 MB (docs/aws-limits.md).
  s3_bucket         = var.code.s3_bucket
  s3_key            = var.code.s3_key
  s3_object_version = var.code.s3_object_version
  source_code_hash  = var.code.sha256
  runtime           = local.runtime
  handler           = local.handler
  architectures     = ["x86_64"]
  memory_size       = var.memory_size
  timeout           = var.timeout

  # -1: unreserved (the provider's value for "no reservation").
  reserved_concurrent_executions = coalesce(var.reserved_concurrency, -1)
  # SnapStart snapshots a published version; without it, publishing would only pile up versions.
  publish = var.snapstart_enabled

  ephemeral_storage {
    size = var.ephemeral_storage_mb
  }

  environment {
    variables = local.environment
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tracing_config {
    mode = var.xray_tracing ? "Active" : "PassThrough"
  }

  dynamic "snap_start" {
    for_each = var.snapstart_enabled ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = local.environment_bytes <= 4096
      error_message = "The environment of ${var.function_name} is ${local.environment_bytes} bytes as JSON; Lambda refuses more than 4 KB (4096 bytes) in all."
    }
    precondition {
      condition     = var.model_read_prefix == null || startswith(var.model_location, coalesce(var.model_read_prefix, "-"))
      error_message = "model_location (${var.model_location}) must lie under model_read_prefix (${coalesce(var.model_read_prefix, "-")}): the role could not read the bundle the function starts with."
    }
    precondition {
      condition     = !var.snapstart_enabled || var.flavour == "jvm"
      error_message = "SnapStart needs a managed java runtime: it cannot be enabled for the ${var.flavour} (provided.al2023) flavour."
    }
    precondition {
      condition     = !var.snapstart_enabled || var.ephemeral_storage_mb <= 512
      error_message = "SnapStart does not support ephemeral storage above 512 MB: set ephemeral_storage_mb = 512 (the model must then fit in /tmp's 512 MB)."
    }
  }

  # The role's permissions must exist before the first cold start, or init fails reading the model.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_alias" "live" {
  count            = var.snapstart_enabled ? 1 : 0
  name             = "live"
  description      = "Latest published (SnapStart) version of ${var.function_name}."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}
