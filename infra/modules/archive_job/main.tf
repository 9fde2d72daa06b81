# The archive job: a Step Functions state machine whose Distributed Map reads an
# S3 prefix (ListObjectsV2), a CSV manifest or an S3 Inventory manifest, batches
# the items (ItemBatcher) into invocations of classifyArchive, runs them at
# MaxConcurrency with a tolerated-failure threshold, and writes the map run's
# results to S3 (ResultWriter). classifyArchive writes its own per-batch JSON
# Lines under <results_prefix><execution name>/ (docs/api.md); the state carries
# only its small summary, never results, so no payload nears 256 KiB.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  state_machine_name = "${var.name_prefix}-archive"
  # Built from the name, not read from the resource: the role's policy names the
  # state machine, and the state machine names the role.
  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${local.state_machine_name}"
  # Map runs start child executions named <state machine>/<map label>:<id>.
  child_execution_arns = "arn:${local.partition}:states:${local.region}:${local.account_id}:execution:${local.state_machine_name}/*"
  # vendedlogs/: Step Functions' log delivery keeps the CloudWatch Logs resource
  # policy small for log groups under this prefix.
  log_group_name = "/aws/vendedlogs/states/${local.state_machine_name}"

  manifest_bucket = coalesce(var.manifest_bucket, var.archive_bucket)
  # The map runs' own ResultWriter files: <results_prefix>map-runs/<map run id>/.
  map_run_results_prefix = "${var.results_prefix}map-runs"

  # ------------------------------------------------------------------ ASL
  # One Distributed Map per kind of source; they differ in the ItemReader only.
  # Execution input (infra/bin/classify-archive writes it):
  #   {"source": "prefix"|"csv"|"manifest", "bucket", "prefix", "format": "email"|"texts",
  #    "tag": true|false, "manifestBucket"?, "manifestKey"?}
  item_readers = {
    prefix = {
      state = "ClassifyPrefix"
      reader = {
        Resource   = "arn:${local.partition}:states:::s3:listObjectsV2"
        Parameters = { "Bucket.$" = "$.bucket", "Prefix.$" = "$.prefix" }
      }
    }
    csv = {
      state = "ClassifyCsvManifest"
      reader = {
        Resource     = "arn:${local.partition}:states:::s3:getObject"
        ReaderConfig = { InputType = "CSV", CSVHeaderLocation = "FIRST_ROW" }
        Parameters   = { "Bucket.$" = "$.manifestBucket", "Key.$" = "$.manifestKey" }
      }
    }
    manifest = {
      state = "ClassifyInventoryManifest"
      reader = {
        Resource     = "arn:${local.partition}:states:::s3:getObject"
        ReaderConfig = { InputType = "MANIFEST" }
        Parameters   = { "Bucket.$" = "$.manifestBucket", "Key.$" = "$.manifestKey" }
      }
    }
  }

  # Lambda's transient errors only (Step Functions' Lambda integration names
  # them); a function error (no item of the batch could be classified) is not
  # retried: it counts against the tolerated failures.
  transient_lambda_errors = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ]

  map_states = { for source, config in local.item_readers : config.state => {
    Type       = "Map"
    Label      = config.state
    ItemReader = config.reader
    ItemBatcher = {
      MaxItemsPerBatch      = var.max_items_per_batch
      MaxInputBytesPerBatch = var.max_input_bytes_per_batch
      # The event's BatchInput, as classifyArchive reads it (docs/api.md).
      BatchInput = {
        "bucket.$"    = "$.bucket"
        "format.$"    = "$.format"
        "tag.$"       = "$.tag"
        resultsPrefix = var.results_prefix
        "job.$"       = "$$.Execution.Name"
      }
    }
    ItemProcessor = {
      ProcessorConfig = { Mode = "DISTRIBUTED", ExecutionType = "STANDARD" }
      StartAt         = "ClassifyBatch"
      States = {
        ClassifyBatch = {
          Type     = "Task"
          Resource = "arn:${local.partition}:states:::lambda:invoke"
          # The child's input is {"Items": [...], "BatchInput": {...}}: the event as is.
          Parameters = { FunctionName = var.function_arn, "Payload.$" = "$" }
          OutputPath = "$.Payload"
          Retry = [{
            ErrorEquals     = local.transient_lambda_errors
            IntervalSeconds = 2
            MaxAttempts     = 6
            BackoffRate     = 2
            JitterStrategy  = "FULL"
          }]
          End = true
        }
      }
    }
    MaxConcurrency             = var.max_concurrency
    ToleratedFailurePercentage = var.tolerated_failure_percentage
    ResultWriter = {
      Resource   = "arn:${local.partition}:states:::s3:putObject"
      Parameters = { Bucket = var.results_bucket, Prefix = local.map_run_results_prefix }
    }
    ResultPath = "$.mapRun"
    End        = true
  } }

  definition = {
    Comment = "Classifies an archive of e-mails or texts in S3 with classifyArchive (infra/README.md, Archive job)."
    StartAt = "ChooseSource"
    States = merge(local.map_states, {
      ChooseSource = {
        Type = "Choice"
        Choices = [for source, config in local.item_readers : {
          And  = [{ Variable = "$.source", IsPresent = true }, { Variable = "$.source", StringEquals = source }]
          Next = source == "prefix" ? "CountPrefix" : config.state
        }]
        Default = "UnknownSource"
      }
      UnknownSource = {
        Type  = "Fail"
        Error = "Triage.UnknownSource"
        Cause = "The execution input's \"source\" must be \"prefix\", \"csv\" or \"manifest\" (infra/bin/classify-archive writes it)."
      }
      # An empty prefix ends the job with a clear state of its own, before any map run.
      CountPrefix = {
        Type           = "Task"
        Resource       = "arn:${local.partition}:states:::aws-sdk:s3:listObjectsV2"
        Parameters     = { "Bucket.$" = "$.bucket", "Prefix.$" = "$.prefix", MaxKeys = 1 }
        ResultSelector = { "keyCount.$" = "$.KeyCount" }
        ResultPath     = "$.listing"
        Next           = "AnythingToClassify"
      }
      AnythingToClassify = {
        Type    = "Choice"
        Choices = [{ Variable = "$.listing.keyCount", NumericGreaterThan = 0, Next = local.item_readers.prefix.state }]
        Default = "NothingToClassify"
      }
      NothingToClassify = {
        Type = "Pass"
        Parameters = {
          status      = "EMPTY"
          "message.$" = "States.Format('No object under s3://{}/{}: nothing to classify.', $.bucket, $.prefix)"
        }
        End = true
      }
    })
  }

  # ------------------------------------------------------------------ IAM
  # Every statement is one documented requirement of an ASL feature above; the
  # IAM contract (infra/tests/iam-contract/README.md) derives the requests from
  # the rendered definition and checks each against this policy.
  bucket_arn = "arn:${local.partition}:s3:::"
  state_machine_statements = [
    {
      Sid      = "InvokeClassifyArchive"
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunction"]
      Resource = [var.function_arn]
    },
    merge(
      {
        Sid      = "ListArchivePrefix"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = ["${local.bucket_arn}${var.archive_bucket}"]
      },
      var.archive_prefix == "" ? {} : { Condition = { StringLike = { "s3:prefix" = ["${var.archive_prefix}*"] } } },
    ),
    {
      Sid      = "ReadManifests"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["${local.bucket_arn}${local.manifest_bucket}/${var.manifest_prefix}*"]
    },
    {
      Sid      = "WriteMapRunResults"
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"]
      Resource = ["${local.bucket_arn}${var.results_bucket}/${local.map_run_results_prefix}/*"]
    },
    {
      Sid      = "StartMapRunChildren"
      Effect   = "Allow"
      Action   = ["states:StartExecution"]
      Resource = [local.state_machine_arn]
    },
    {
      Sid      = "ManageMapRunChildren"
      Effect   = "Allow"
      Action   = ["states:DescribeExecution", "states:StopExecution"]
      Resource = [local.child_execution_arns]
    },
    # CloudWatch Logs' log delivery actions support no resource-level permissions.
    {
      Sid    = "DeliverExecutionLogs"
      Effect = "Allow"
      Action = [
        "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
      ]
      Resource = ["*"]
    },
  ]

  # What classifyArchive needs besides its model (docs/api.md): read the
  # archive's objects and read and write their tags (never by version: neither a
  # listing nor a manifest names one), list the bucket so that a missing object reads as 404 (S3 answers
  # 403 to a role without s3:ListBucket, and the item's reason would lie), and
  # write its per-batch results.
  archive_objects = "${local.bucket_arn}${var.archive_bucket}/${var.archive_prefix}*"
  function_policy_statements = [
    {
      sid        = "ReadArchive"
      actions    = ["s3:GetObject"]
      resources  = [local.archive_objects]
      conditions = []
    },
    {
      sid        = "TagArchive"
      actions    = ["s3:GetObjectTagging", "s3:PutObjectTagging"]
      resources  = [local.archive_objects]
      conditions = []
    },
    {
      sid        = "ListArchive"
      actions    = ["s3:ListBucket"]
      resources  = ["${local.bucket_arn}${var.archive_bucket}"]
      conditions = []
    },
    {
      sid        = "WriteBatchResults"
      actions    = ["s3:PutObject"]
      resources  = ["${local.bucket_arn}${var.results_bucket}/${var.results_prefix}*"]
      conditions = []
    },
  ]
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_iam_role" "this" {
  name = "${local.state_machine_name}-sfn-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
      # Confused-deputy guard: only this state machine of this account.
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = local.state_machine_arn }
      }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "this" {
  name = "${local.state_machine_name}-least-privilege"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.state_machine_statements
  })
}

resource "aws_sfn_state_machine" "this" {
  name       = local.state_machine_name
  role_arn   = aws_iam_role.this.arn
  type       = "STANDARD"
  definition = jsonencode(local.definition)

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
    level                  = var.log_level
    include_execution_data = false # items are object keys of people's mail
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.function_reserved_concurrency == null || coalesce(var.function_reserved_concurrency, -1) == -1 || var.max_concurrency <= coalesce(var.function_reserved_concurrency, 0)
      error_message = "max_concurrency (${var.max_concurrency}) exceeds classifyArchive's reserved concurrency (${coalesce(var.function_reserved_concurrency, -1)}): the batches above it would only be throttled and retried."
    }
  }

  # The role must be able to deliver logs and start children before the first execution.
  depends_on = [aws_iam_role_policy.this]
}
