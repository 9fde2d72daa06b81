# Wiring between the modules of the dev environment, and the security rules
# over all of them. Runs `apply` against the mocked AWS provider: nothing is
# created anywhere, but computed attributes (ARNs, URLs) get distinct fake
# values, which a plan leaves unknown, so the cross-module references can be
# compared.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  function_zip       = "../../tests/fixtures/function.zip"
  classify_model_uri = "s3://triage-dev-models-123456789012/models/support-tickets/3/"
  email_model_uri    = "s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/1/"
  # sha256sum of each bundle's triage.json, as infra/bin/deploy passes them.
  classify_model_sha256 = "8d2f0c3c7b1e4a5f9e6d7c8b9a0f1e2d3c4b5a6978877665544332211000ffee"
  email_model_sha256    = "1f0e2d3c4b5a69788776655443322110ffeeddccbbaa99887766554433221100"
  trainer_image_tag     = "0f1e2d3"
}

run "environment_wiring" {
  command = apply

  # --- every security rule holds over every module (and inspected something) ---
  assert {
    condition     = alltrue([for rule, offenders in module.guardrails.violations : length(offenders) == 0])
    error_message = "Security rule violations: ${jsonencode(module.guardrails.violations)}."
  }

  assert {
    condition     = module.guardrails.checked.iam_statements >= 20
    error_message = "The IAM rule must inspect every statement of every role; it saw only ${module.guardrails.checked.iam_statements}."
  }

  # --- API -> functions ---
  assert {
    condition     = module.api.integration_uris["POST /classify"] == module.classify.invoke_arn
    error_message = "POST /classify must be integrated with the classify function."
  }

  assert {
    condition     = module.api.integration_uris["GET /health"] == module.health.invoke_arn
    error_message = "GET /health must be integrated with the health function."
  }

  # --- e-mail pipeline -> classifyEmail ---
  assert {
    condition     = module.email_ingest.event_source_mapping_target == module.classify_email.invoke_target_arn
    error_message = "The input queue must feed classifyEmail."
  }

  assert {
    condition     = module.classify_email.environment.TRIAGE_EMAIL_OUTPUT_QUEUE_URL == module.email_ingest.output_queue_url
    error_message = "classifyEmail must send results to the output queue."
  }

  # classifyEmail checks each result against the size the output queue accepts.
  assert {
    condition     = module.classify_email.environment.TRIAGE_EMAIL_MAX_RESULT_BYTES == "262144" && module.email_ingest.result_max_message_bytes == 262144
    error_message = "classifyEmail must check results against the output queue's maximum message size (262144)."
  }

  assert {
    condition     = !contains(keys(module.classify.environment), "TRIAGE_EMAIL_OUTPUT_QUEUE_URL") && !contains(keys(module.health.environment), "TRIAGE_EMAIL_OUTPUT_QUEUE_URL")
    error_message = "Only classifyEmail gets the output queue."
  }

  assert {
    condition = anytrue([
      for s in module.classify_email.policy_statements : contains(s.Action, "sqs:SendMessage") && toset(s.Resource) == toset([module.email_ingest.output_queue_arn])
    ])
    error_message = "classifyEmail must be allowed to send to the output queue, and only to it."
  }

  assert {
    condition = anytrue([
      for s in module.classify_email.policy_statements : toset(s.Action) == toset(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]) && toset(s.Resource) == toset([module.email_ingest.input_queue_arn])
    ])
    error_message = "classifyEmail must be allowed to consume the input queue, and only it."
  }

  # --- least privilege between functions: classify and health touch no queue or mail ---
  assert {
    condition = alltrue([
      for s in concat(module.classify.policy_statements, module.health.policy_statements) :
      alltrue([for a in s.Action : !startswith(a, "sqs:") && a != "s3:PutObjectTagging"])
    ])
    error_message = "classify and health must not get queue or mail permissions."
  }

  # --- code: from the artifact bucket's object version, never uploaded directly ---
  assert {
    condition = alltrue([
      for f in [module.classify, module.health, module.classify_email] :
      f.code.filename == null && f.code.s3_bucket == module.artifact_store.objects["function-jvm"].s3_bucket
      && f.code.s3_key == module.artifact_store.objects["function-jvm"].s3_key
      && f.code.s3_object_version == module.artifact_store.objects["function-jvm"].s3_object_version
    ])
    error_message = "Every function must run the uploaded version of the function zip."
  }

  # --- archive job -> classifyArchive, results bucket, alarms ---
  assert {
    condition = alltrue([for name in ["ClassifyPrefix", "ClassifyCsvManifest", "ClassifyInventoryManifest"] :
      module.archive_job.definition.States[name].ItemProcessor.States.ClassifyBatch.Parameters.FunctionName == module.classify_archive.invoke_target_arn
      && module.archive_job.definition.States[name].ResultWriter.Parameters.Bucket == module.classify_archive.environment.TRIAGE_ARCHIVE_RESULTS_BUCKET
    ])
    error_message = "The archive job must invoke classifyArchive and write its map runs' results where classifyArchive writes its own."
  }

  assert {
    condition     = [for s in module.archive_job.policy_statements : s.Resource if s.Sid == "InvokeClassifyArchive"][0] == [module.classify_archive.invoke_target_arn]
    error_message = "The state machine's role may invoke classifyArchive and nothing else."
  }

  # --- alarms: every one notifies the topic ---
  assert {
    condition     = length(module.alarms.alarms) == 18 && alltrue([for a in values(module.alarms.alarms) : a.actions == toset([module.alarms.topic_arn])])
    error_message = "Every alarm must notify the alarm topic."
  }

  assert {
    condition = (
      module.alarms.alarms["triage-dev-errors-classify_email"].dimensions == tomap({ FunctionName = module.classify_email.function_name })
      && module.alarms.alarms["triage-dev-dlq-depth-email_input"].dimensions == tomap({ QueueName = "triage-dev-email-input-dlq" })
      && module.alarms.alarms["triage-dev-queue-age-email_input"].dimensions == tomap({ QueueName = "triage-dev-email-input" })
      && module.alarms.alarms["triage-dev-5xx-api"].dimensions == tomap({ ApiName = "triage-dev-api", Stage = "v1" })
      && module.alarms.alarms["triage-dev-executions-failed-archive"].dimensions == tomap({ StateMachineArn = module.archive_job.state_machine_arn })
    )
    error_message = "The alarms must watch the environment's own functions, queues and API."
  }

  # --- outputs a user needs ---
  assert {
    condition = alltrue([for v in [
      output.api_url, output.api_key_id, output.model_bucket_name, output.mail_bucket_name,
      output.email_input_queue_url, output.email_input_dlq_url, output.email_output_queue_url, output.email_output_dlq_url,
      output.training_job_queue_name, output.training_job_definition_name, output.trainer_repository_url,
      output.artifact_bucket_name, output.alarm_topic_arn,
    ] : v != null && v != ""])
    error_message = "Every user-facing output must be set."
  }

  assert {
    condition     = output.function_names == { classify = "triage-dev-classify", health = "triage-dev-health", classify_email = "triage-dev-classify-email", classify_archive = "triage-dev-classify-archive" }
    error_message = "Function names must follow <prefix>-<role>."
  }

  assert {
    condition     = output.classify_url == "${output.api_url}/classify" && output.health_url == "${output.api_url}/health"
    error_message = "Route URLs must extend the stage URL."
  }
}

# With SnapStart the API and the queue must call the alias that points at the
# published (snapshotted) version, not $LATEST, which has no snapshot.
run "snapstart_routes_through_alias" {
  command = apply

  variables {
    snapstart_enabled = true
  }

  assert {
    condition     = module.api.integration_uris["POST /classify"] == module.classify.invoke_arn && module.classify.qualifier == "live"
    error_message = "With SnapStart, POST /classify must invoke the alias \"live\"."
  }

  assert {
    condition     = module.email_ingest.event_source_mapping_target == module.classify_email.invoke_target_arn && module.classify_email.invoke_target_arn != module.classify_email.function_arn
    error_message = "With SnapStart, the event source mapping must invoke the alias, not the unqualified function."
  }

  assert {
    condition     = module.archive_job.definition.States.ClassifyPrefix.ItemProcessor.States.ClassifyBatch.Parameters.FunctionName == module.classify_archive.invoke_target_arn && module.classify_archive.invoke_target_arn != module.classify_archive.function_arn
    error_message = "With SnapStart, the archive job must invoke classifyArchive's alias."
  }
}

run "native_flavour" {
  command = apply

  variables {
    function_flavour  = "native"
    java_tool_options = null
  }

  assert {
    condition     = module.classify.runtime == "provided.al2023" && module.classify.handler == "not.used.in.provided.runtime"
    error_message = "The native flavour must run on provided.al2023."
  }

  assert {
    condition     = !contains(keys(module.classify.environment), "JAVA_TOOL_OPTIONS")
    error_message = "The native flavour must not get JAVA_TOOL_OPTIONS."
  }
}

run "jdk25_flavour" {
  command = apply

  variables {
    function_flavour = "jdk25"
  }

  assert {
    condition     = module.classify.runtime == "provided.al2023" && module.classify.handler == "dev.triage.function.aws.HeadStartStreamHandler::handleRequest"
    error_message = "The jdk25 flavour must run on provided.al2023 with Funqy's handler."
  }

  assert {
    condition     = !contains(keys(module.classify.environment), "JAVA_TOOL_OPTIONS")
    error_message = "The jdk25 flavour must not get JAVA_TOOL_OPTIONS."
  }
}

# Service callers: SigV4 with the API's invoke policy, the key still required.
run "iam_authorization" {
  command = apply

  variables {
    api_authorization = "AWS_IAM"
  }

  assert {
    condition     = output.api_authorization == "AWS_IAM" && output.api_invoke_policy_arn != null
    error_message = "With AWS_IAM the environment must expose the invoke policy for callers."
  }

  assert {
    condition     = alltrue([for rule, offenders in module.guardrails.violations : length(offenders) == 0]) && module.guardrails.checked.iam_policies == 9
    error_message = "The invoke policy must be checked by the guardrails (9 policies) and pass: ${jsonencode(module.guardrails.violations)}."
  }
}
