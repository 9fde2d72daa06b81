# modules/archive_job: the Distributed Map's shape against what AWS documents and
# what classifyArchive reads (docs/api.md), the role's least privilege, and the
# validations that keep each setting inside Step Functions' limits.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix    = "triage-test"
  function_arn   = "arn:aws:lambda:eu-west-1:123456789012:function:triage-test-classify-archive"
  archive_bucket = "triage-test-mail-123456789012"
  archive_prefix = "incoming/"
  results_bucket = "triage-test-archive-results-123456789012"
}

run "distributed_map_as_documented" {
  command = plan

  assert {
    condition     = aws_sfn_state_machine.this.name == "triage-test-archive" && aws_sfn_state_machine.this.type == "STANDARD"
    error_message = "One standard state machine, <prefix>-archive."
  }

  # Each source is a Map in DISTRIBUTED mode with the documented ItemReader.
  assert {
    condition = (
      output.definition.States.ClassifyPrefix.ItemReader.Resource == "arn:aws:states:::s3:listObjectsV2"
      && output.definition.States.ClassifyCsvManifest.ItemReader.Resource == "arn:aws:states:::s3:getObject"
      && output.definition.States.ClassifyCsvManifest.ItemReader.ReaderConfig == { InputType = "CSV", CSVHeaderLocation = "FIRST_ROW" }
      && output.definition.States.ClassifyInventoryManifest.ItemReader.ReaderConfig == { InputType = "MANIFEST" }
      && alltrue([for name in ["ClassifyPrefix", "ClassifyCsvManifest", "ClassifyInventoryManifest"] : output.definition.States[name].ItemProcessor.ProcessorConfig.Mode == "DISTRIBUTED"])
    )
    error_message = "Prefix, CSV and inventory readers, each a distributed Map."
  }

  # The child's input is exactly the event classifyArchive reads: Items + BatchInput with these fields.
  assert {
    condition = alltrue([for name in ["ClassifyPrefix", "ClassifyCsvManifest", "ClassifyInventoryManifest"] : (
      keys(output.definition.States[name].ItemBatcher.BatchInput) == ["bucket.$", "format.$", "job.$", "resultsPrefix", "tag.$"]
      && output.definition.States[name].ItemBatcher.BatchInput["job.$"] == "$$.Execution.Name"
      && output.definition.States[name].ItemBatcher.BatchInput.resultsPrefix == "archive-results/"
      && output.definition.States[name].ItemBatcher.MaxItemsPerBatch == 100
      && output.definition.States[name].ItemBatcher.MaxInputBytesPerBatch == 131072
      && output.definition.States[name].ItemProcessor.States.ClassifyBatch.Parameters == { FunctionName = var.function_arn, "Payload.$" = "$" }
      && output.definition.States[name].MaxConcurrency == 10
      && output.definition.States[name].ToleratedFailurePercentage == 5
      && output.definition.States[name].ResultWriter.Parameters == { Bucket = "triage-test-archive-results-123456789012", Prefix = "archive-results/map-runs" }
    )])
    error_message = "ItemBatcher, BatchInput, MaxConcurrency, ToleratedFailurePercentage and ResultWriter as configured."
  }

  # Retries for Lambda's transient errors only: never States.ALL or a function error.
  assert {
    condition = alltrue([for name in ["ClassifyPrefix", "ClassifyCsvManifest", "ClassifyInventoryManifest"] :
      output.definition.States[name].ItemProcessor.States.ClassifyBatch.Retry[0].ErrorEquals == ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"]
      && length(output.definition.States[name].ItemProcessor.States.ClassifyBatch.Retry) == 1
    ])
    error_message = "Only Lambda's transient errors are retried."
  }

  # An empty prefix ends in a state that says so, before any map run.
  assert {
    condition = (
      output.definition.States.ChooseSource.Choices[2].Next == "CountPrefix"
      && output.definition.States.CountPrefix.Parameters.MaxKeys == 1
      && output.definition.States.AnythingToClassify.Default == "NothingToClassify"
      && output.definition.States.NothingToClassify.Parameters.status == "EMPTY"
      && output.definition.States.NothingToClassify.End
    )
    error_message = "An empty prefix must end the execution in NothingToClassify."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/vendedlogs/states/triage-test-archive" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "The executions log to their own log group with a retention."
  }

  assert {
    condition     = aws_sfn_state_machine.this.logging_configuration[0].level == "ERROR" && aws_sfn_state_machine.this.logging_configuration[0].include_execution_data == false
    error_message = "Failures are logged, execution data (object keys) is not."
  }
}

run "least_privilege_roles" {
  command = plan

  assert {
    condition = { for s in output.policy_statements : s.Sid => s.Resource } == {
      InvokeClassifyArchive = ["arn:aws:lambda:eu-west-1:123456789012:function:triage-test-classify-archive"]
      ListArchivePrefix     = ["arn:aws:s3:::triage-test-mail-123456789012"]
      ReadManifests         = ["arn:aws:s3:::triage-test-mail-123456789012/*"]
      WriteMapRunResults    = ["arn:aws:s3:::triage-test-archive-results-123456789012/archive-results/map-runs/*"]
      StartMapRunChildren   = ["arn:aws:states:eu-west-1:123456789012:stateMachine:triage-test-archive"]
      ManageMapRunChildren  = ["arn:aws:states:eu-west-1:123456789012:execution:triage-test-archive/*"]
      DeliverExecutionLogs  = ["*"]
    }
    error_message = "Unexpected state machine statements: ${jsonencode(output.policy_statements)}."
  }

  assert {
    condition     = [for s in output.policy_statements : s.Condition.StringLike["s3:prefix"] if s.Sid == "ListArchivePrefix"][0] == ["incoming/*"]
    error_message = "Listing is limited to the archive prefix."
  }

  assert {
    condition = { for s in output.function_policy_statements : s.sid => s.resources } == {
      ReadArchive       = ["arn:aws:s3:::triage-test-mail-123456789012/incoming/*"]
      TagArchive        = ["arn:aws:s3:::triage-test-mail-123456789012/incoming/*"]
      ListArchive       = ["arn:aws:s3:::triage-test-mail-123456789012"]
      WriteBatchResults = ["arn:aws:s3:::triage-test-archive-results-123456789012/archive-results/*"]
    }
    error_message = "Unexpected classifyArchive statements: ${jsonencode(output.function_policy_statements)}."
  }

  assert {
    condition     = strcontains(aws_iam_role.this.assume_role_policy, "states.amazonaws.com") && strcontains(aws_iam_role.this.assume_role_policy, "stateMachine:triage-test-archive")
    error_message = "Only this state machine may assume the role."
  }
}

run "whole_bucket_lists_without_condition" {
  command = plan

  variables {
    archive_prefix  = ""
    manifest_bucket = "triage-test-inventory-123456789012"
    manifest_prefix = "inventory/"
  }

  assert {
    condition     = [for s in output.policy_statements : lookup(s, "Condition", null) if s.Sid == "ListArchivePrefix"][0] == null
    error_message = "With no archive prefix, the whole bucket may be listed."
  }

  assert {
    condition     = [for s in output.policy_statements : s.Resource if s.Sid == "ReadManifests"][0] == ["arn:aws:s3:::triage-test-inventory-123456789012/inventory/*"]
    error_message = "Manifests are read from manifest_bucket/manifest_prefix."
  }
}

run "concurrency_above_the_map_limit_refused" {
  command = plan
  variables {
    max_concurrency = 10001
  }
  expect_failures = [var.max_concurrency]
}

run "batch_bytes_beyond_the_payload_limit_refused" {
  command = plan
  variables {
    max_input_bytes_per_batch = 262144
  }
  expect_failures = [var.max_input_bytes_per_batch]
}

run "tolerated_failures_above_100_refused" {
  command = plan
  variables {
    tolerated_failure_percentage = 101
  }
  expect_failures = [var.tolerated_failure_percentage]
}

run "concurrency_above_the_function_reservation_refused" {
  command = plan
  variables {
    max_concurrency               = 20
    function_reserved_concurrency = 10
  }
  expect_failures = [aws_sfn_state_machine.this]
}

run "prefix_without_trailing_slash_refused" {
  command = plan
  variables {
    archive_prefix = "incoming"
  }
  expect_failures = [var.archive_prefix]
}

run "logging_off_refused" {
  command = plan
  variables {
    log_level = "OFF"
  }
  expect_failures = [var.log_level]
}
