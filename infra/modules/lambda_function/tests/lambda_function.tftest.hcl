# modules/lambda_function: runtime per flavour, environment, least-privilege
# role, logs, SnapStart, and the validations that refuse unsafe settings.
# `apply` runs use the mocked provider (nothing is created); they make computed
# ARNs known so the rendered policy can be compared.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  function_name = "triage-test-classify"
  funqy_export  = "classify"
  code = {
    s3_bucket         = "triage-test-artifacts-123456789012"
    s3_key            = "function-jvm/function.zip"
    s3_object_version = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"
    sha256            = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="
  }
  model_location = "s3://triage-models-123456789012/models/support-tickets/3/"
  model_sha256   = "0f343b0931126a20f133d67c2b018a3b5e5e5c5e9a3c0c1b7d3e2f1a0b9c8d7e"
}

run "jvm_function_with_least_privilege_role" {
  command = apply

  override_resource {
    target = aws_cloudwatch_log_group.this
    values = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/triage-test-classify" }
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "java21" && aws_lambda_function.this.handler == "dev.triage.function.aws.HeadStartStreamHandler::handleRequest"
    error_message = "The JVM flavour must run java21 with the function's HeadStartStreamHandler (Funqy's, with the model begun early)."
  }

  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["x86_64"])
    error_message = "The artifact is built for x86_64."
  }

  assert {
    condition = aws_lambda_function.this.environment[0].variables == tomap({
      QUARKUS_FUNQY_EXPORT  = "classify"
      TRIAGE_MODEL_LOCATION = "s3://triage-models-123456789012/models/support-tickets/3/"
      TRIAGE_MODEL_SHA256   = "0f343b0931126a20f133d67c2b018a3b5e5e5c5e9a3c0c1b7d3e2f1a0b9c8d7e"
      JAVA_TOOL_OPTIONS     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    })
    error_message = "Unexpected environment: ${jsonencode(aws_lambda_function.this.environment[0].variables)}."
  }

  # Lambda refuses a zip over 50 MB in the request itself; the function zip is
  # about 213 MB. The code always comes from S3, at the version uploaded.
  assert {
    condition = (
      aws_lambda_function.this.filename == null && aws_lambda_function.this.image_uri == null
      && aws_lambda_function.this.s3_bucket == "triage-test-artifacts-123456789012"
      && aws_lambda_function.this.s3_key == "function-jvm/function.zip"
      && aws_lambda_function.this.s3_object_version == "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"
      && aws_lambda_function.this.source_code_hash == "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="
    )
    error_message = "The code must come from the artifact bucket's object version, never as a direct upload (filename)."
  }

  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == -1 && output.reserved_concurrency == null
    error_message = "Reserved concurrency is optional: unset means unreserved."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/lambda/triage-test-classify" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "The function must log to its own log group with a retention."
  }

  assert {
    condition     = one(aws_lambda_function.this.logging_config[*].log_group) == aws_cloudwatch_log_group.this.name
    error_message = "The function must be pointed at the managed log group."
  }

  assert {
    condition     = aws_lambda_function.this.publish == false && length(aws_lambda_function.this.snap_start) == 0 && length(aws_lambda_alias.live) == 0
    error_message = "Without SnapStart no version is published and no alias exists."
  }

  # The rendered policy is exactly these three statements: own logs, and read
  # access to exactly the bundle prefix.
  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement == [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/triage-test-classify:*"]
      },
      {
        Sid      = "ReadModelBundle"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["arn:aws:s3:::triage-models-123456789012/models/support-tickets/3/*"]
      },
      {
        Sid       = "ListModelBundle"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = ["arn:aws:s3:::triage-models-123456789012"]
        Condition = { StringLike = { "s3:prefix" = ["models/support-tickets/3/", "models/support-tickets/3/*"] } }
      },
    ]
    error_message = "Unexpected policy: ${aws_iam_role_policy.this.policy}."
  }

  assert {
    condition     = jsondecode(aws_iam_role.this.assume_role_policy).Statement[0].Principal.Service == "lambda.amazonaws.com"
    error_message = "Only Lambda may assume the execution role."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : alltrue([for a in s.Action : !strcontains(a, "*")])])
    error_message = "No statement may grant a wildcard action."
  }
}

run "native_flavour" {
  command = plan

  variables {
    flavour           = "native"
    java_tool_options = "-XX:TieredStopAtLevel=1"
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && aws_lambda_function.this.handler == "not.used.in.provided.runtime"
    error_message = "The native flavour must run on provided.al2023."
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "JAVA_TOOL_OPTIONS")
    error_message = "JAVA_TOOL_OPTIONS means nothing to a native binary and must not be set."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["DISABLE_SIGNAL_HANDLERS"] == "true"
    error_message = "The native executable must run with DISABLE_SIGNAL_HANDLERS=true (Quarkus' Lambda guide)."
  }

  assert {
    condition     = aws_lambda_function.this.filename == null && aws_lambda_function.this.s3_key == "function-jvm/function.zip"
    error_message = "The native flavour's code also comes from S3, never as a direct upload."
  }
}

run "jdk25_flavour" {
  command = plan

  variables {
    flavour           = "jdk25"
    java_tool_options = "-XX:TieredStopAtLevel=1"
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "provided.al2023" && aws_lambda_function.this.handler == "dev.triage.function.aws.HeadStartStreamHandler::handleRequest"
    error_message = "The jdk25 flavour runs on provided.al2023, its bootstrap handing Funqy's handler to the runtime interface client."
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "JAVA_TOOL_OPTIONS")
    error_message = "The jdk25 flavour's bootstrap sets the options its AOT cache was made with: JAVA_TOOL_OPTIONS must not be set."
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "DISABLE_SIGNAL_HANDLERS")
    error_message = "The jdk25 flavour is a JVM: it keeps its signal handlers."
  }
}

run "jvm_flavour_installs_its_signal_handlers" {
  command = plan

  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "DISABLE_SIGNAL_HANDLERS")
    error_message = "Only the native flavour disables signal handlers."
  }
}

# classifyEmail serves the ham/spam bundle: its location and pin have their own
# variables (TRIAGE_EMAIL_MODEL_*), set explicitly, never the text model's.
run "classify_email_reads_its_own_model_variables" {
  command = plan

  variables {
    function_name = "triage-test-classify-email"
    funqy_export  = "classifyEmail"
  }

  assert {
    condition = (
      aws_lambda_function.this.environment[0].variables["TRIAGE_EMAIL_MODEL_LOCATION"] == "s3://triage-models-123456789012/models/support-tickets/3/"
      && aws_lambda_function.this.environment[0].variables["TRIAGE_EMAIL_MODEL_SHA256"] == "0f343b0931126a20f133d67c2b018a3b5e5e5c5e9a3c0c1b7d3e2f1a0b9c8d7e"
      && !contains(keys(aws_lambda_function.this.environment[0].variables), "TRIAGE_MODEL_LOCATION")
      && !contains(keys(aws_lambda_function.this.environment[0].variables), "TRIAGE_MODEL_SHA256")
    )
    error_message = "classifyEmail must get TRIAGE_EMAIL_MODEL_LOCATION and TRIAGE_EMAIL_MODEL_SHA256: ${jsonencode(aws_lambda_function.this.environment[0].variables)}."
  }
}

run "unpinned_model_sets_no_sha256" {
  command = plan

  variables {
    model_sha256 = null
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this.environment[0].variables), "TRIAGE_MODEL_SHA256")
    error_message = "Without a pin no sha256 variable is set."
  }
}

run "jvm_tool_options_and_sizing" {
  command = plan

  variables {
    java_tool_options    = "-XX:+UseSerialGC"
    memory_size          = 3008
    timeout              = 60
    reserved_concurrency = 7
    log_retention_days   = 14
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["JAVA_TOOL_OPTIONS"] == "-XX:+UseSerialGC"
    error_message = "JAVA_TOOL_OPTIONS given must replace the default for the JVM flavour."
  }

  assert {
    condition     = aws_lambda_function.this.memory_size == 3008 && aws_lambda_function.this.timeout == 60 && aws_lambda_function.this.reserved_concurrent_executions == 7 && aws_cloudwatch_log_group.this.retention_in_days == 14
    error_message = "Sizing variables must reach the function and its log group."
  }
}

run "snapstart_publishes_and_aliases" {
  command = apply

  variables {
    snapstart_enabled    = true
    ephemeral_storage_mb = 512
  }

  assert {
    condition     = aws_lambda_function.this.publish && aws_lambda_function.this.snap_start[0].apply_on == "PublishedVersions"
    error_message = "SnapStart needs published versions."
  }

  assert {
    condition     = aws_lambda_alias.live[0].function_version == aws_lambda_function.this.version && output.qualifier == "live"
    error_message = "The alias must point at the version just published."
  }

  assert {
    condition     = output.invoke_arn == aws_lambda_alias.live[0].invoke_arn && output.invoke_target_arn == aws_lambda_alias.live[0].arn
    error_message = "Callers must be given the alias, not the unqualified function."
  }
}

run "extra_statements_and_tracing" {
  command = apply

  variables {
    xray_tracing = true
    additional_policy_statements = [
      { sid = "SendResults", actions = ["sqs:SendMessage"], resources = ["arn:aws:sqs:eu-west-1:123456789012:results"] },
      {
        sid       = "ReadPrefix"
        actions   = ["s3:ListBucket"]
        resources = ["arn:aws:s3:::mail"]
        conditions = [
          { test = "StringLike", variable = "s3:prefix", values = ["incoming/*"] },
          { test = "StringEquals", variable = "aws:PrincipalAccount", values = ["123456789012"] },
        ]
      },
    ]
    extra_environment = { TRIAGE_EMAIL_OUTPUT_QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/results" }
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid] == ["WriteOwnLogs", "ReadModelBundle", "ListModelBundle", "WriteTraces", "SendResults", "ReadPrefix"]
    error_message = "Extra statements must be appended after the base ones."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.this.policy).Statement[5].Condition == { StringLike = { "s3:prefix" = ["incoming/*"] }, StringEquals = { "aws:PrincipalAccount" = ["123456789012"] } }
    error_message = "Conditions must be grouped by test operator."
  }

  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "Active"
    error_message = "xray_tracing must turn on active tracing."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["TRIAGE_EMAIL_OUTPUT_QUEUE_URL"] == "https://sqs.eu-west-1.amazonaws.com/123456789012/results"
    error_message = "extra_environment must reach the function."
  }
}

# --- refusals: each breaks one rule on purpose and expects the failure ---

run "wildcard_action_refused" {
  command = plan
  variables {
    additional_policy_statements = [{ sid = "Everything", actions = ["s3:*"], resources = ["arn:aws:s3:::mail/*"] }]
  }
  expect_failures = [var.additional_policy_statements]
}

# Lambda refuses environments over 4 KB (measured as the JSON object it stores).
run "environment_over_4_kb_refused" {
  command = plan
  variables {
    extra_environment = { TRIAGE_PADDING = format("%4000s", "x") }
  }
  expect_failures = [aws_lambda_function.this]
}

run "code_must_be_a_zip_in_s3" {
  command = plan
  variables {
    code = { s3_bucket = "b", s3_key = "function.jar", s3_object_version = "v", sha256 = "x" }
  }
  expect_failures = [var.code]
}

run "model_sha256_validated" {
  command = plan
  variables {
    model_sha256 = "not-a-digest"
  }
  expect_failures = [var.model_sha256]
}

run "snapstart_on_native_refused" {
  command = plan
  variables {
    flavour           = "native"
    snapstart_enabled = true
  }
  expect_failures = [aws_lambda_function.this]
}

run "snapstart_on_jdk25_refused" {
  command = plan
  variables {
    flavour           = "jdk25"
    snapstart_enabled = true
  }
  expect_failures = [aws_lambda_function.this]
}

run "snapstart_with_large_tmp_refused" {
  command = plan
  variables {
    snapstart_enabled    = true
    ephemeral_storage_mb = 1024
  }
  expect_failures = [aws_lambda_function.this]
}

run "model_location_required" {
  command = plan
  variables {
    model_location = null
  }
  expect_failures = [var.model_location]
}

run "model_location_must_be_a_bundle_prefix" {
  command = plan
  variables {
    model_location = "s3://triage-models-123456789012/"
  }
  expect_failures = [var.model_location]
}

run "never_expiring_logs_refused" {
  command = plan
  variables {
    log_retention_days = 0
  }
  expect_failures = [var.log_retention_days]
}

run "unsupported_retention_refused" {
  command = plan
  variables {
    log_retention_days = 10
  }
  expect_failures = [var.log_retention_days]
}

run "memory_out_of_range_refused" {
  command = plan
  variables {
    memory_size = 64
  }
  expect_failures = [var.memory_size]
}

run "timeout_out_of_range_refused" {
  command = plan
  variables {
    timeout = 901
  }
  expect_failures = [var.timeout]
}

run "unknown_export_refused" {
  command = plan
  variables {
    funqy_export = "train"
  }
  expect_failures = [var.funqy_export]
}

run "overriding_the_export_refused" {
  command = plan
  variables {
    extra_environment = { QUARKUS_FUNQY_EXPORT = "health" }
  }
  expect_failures = [var.extra_environment]
}

run "overriding_the_model_pin_refused" {
  command = plan
  variables {
    extra_environment = { TRIAGE_EMAIL_MODEL_SHA256 = "0000000000000000000000000000000000000000000000000000000000000000" }
  }
  expect_failures = [var.extra_environment]
}

# IAM role names take at most 64 characters, and the role is <name>-role.
run "function_name_too_long_for_its_role_refused" {
  command = plan
  variables {
    function_name = "triage-a-very-long-environment-name-classify-email-func12" # 57
  }
  expect_failures = [var.function_name]
}

# classifyArchive's model is chosen per job (infra/bin/classify-archive): its
# role may read every published bundle, never staging/, data/ or training/.
run "archive_function_reads_published_models_only" {
  command = plan

  variables {
    function_name     = "triage-test-classify-archive"
    funqy_export      = "classifyArchive"
    model_location    = "s3://triage-models-123456789012/models/spam-minilm-finetuned/1/"
    model_read_prefix = "s3://triage-models-123456789012/models/"
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["TRIAGE_EMAIL_MODEL_LOCATION"] == "s3://triage-models-123456789012/models/spam-minilm-finetuned/1/" && aws_lambda_function.this.environment[0].variables["QUARKUS_FUNQY_EXPORT"] == "classifyArchive"
    error_message = "classifyArchive starts with the e-mail model's variables."
  }

  assert {
    condition     = [for s in output.policy_statements : s.Resource if s.Sid == "ReadModelBundle"][0] == ["arn:aws:s3:::triage-models-123456789012/models/*"]
    error_message = "With model_read_prefix, the role reads published bundles (models/*) and nothing else of the bucket."
  }

  assert {
    condition     = [for s in output.policy_statements : s.Condition.StringLike["s3:prefix"] if s.Sid == "ListModelBundle"][0] == ["models/", "models/*"]
    error_message = "Listing stays limited to models/."
  }
}

run "model_read_prefix_outside_models_refused" {
  command = plan

  variables {
    funqy_export      = "classifyArchive"
    model_read_prefix = "s3://triage-models-123456789012/staging/"
  }

  expect_failures = [var.model_read_prefix]
}

run "model_location_outside_the_read_prefix_refused" {
  command = plan

  variables {
    funqy_export      = "classifyArchive"
    model_read_prefix = "s3://other-models-123456789012/models/"
  }

  expect_failures = [aws_lambda_function.this]
}
