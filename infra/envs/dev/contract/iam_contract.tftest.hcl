# The dev environment as the IAM contract check reads it (infra/tests/iam-contract):
# a mocked apply whose state, printed by `terraform test -json -verbose`, holds
# every rendered role policy, bucket policy and queue policy. The buckets and
# queues get the ARNs AWS would give them (a mock's are random strings), so the
# policies name real-looking resources. Run by infra/tests/run with
# `-test-directory=contract`; the ordinary test run of envs/dev does not see it.

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

override_resource {
  target = module.model_store.aws_s3_bucket.this
  values = { arn = "arn:aws:s3:::triage-dev-models-123456789012", id = "triage-dev-models-123456789012" }
}

override_resource {
  target = module.email_ingest.aws_s3_bucket.mail
  values = { arn = "arn:aws:s3:::triage-dev-mail-123456789012", id = "triage-dev-mail-123456789012" }
}

override_resource {
  target = module.email_ingest.aws_sqs_queue.input
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:triage-dev-email-input", id = "https://sqs.eu-west-1.amazonaws.com/123456789012/triage-dev-email-input" }
}

override_resource {
  target = module.email_ingest.aws_sqs_queue.input_dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:triage-dev-email-input-dlq", id = "https://sqs.eu-west-1.amazonaws.com/123456789012/triage-dev-email-input-dlq" }
}

override_resource {
  target = module.email_ingest.aws_sqs_queue.output
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:triage-dev-email-results", id = "https://sqs.eu-west-1.amazonaws.com/123456789012/triage-dev-email-results" }
}

override_resource {
  target = module.email_ingest.aws_sqs_queue.output_dlq
  values = { arn = "arn:aws:sqs:eu-west-1:123456789012:triage-dev-email-results-dlq", id = "https://sqs.eu-west-1.amazonaws.com/123456789012/triage-dev-email-results-dlq" }
}

override_resource {
  target = module.archive_results[0].aws_s3_bucket.this
  values = { arn = "arn:aws:s3:::triage-dev-archive-results-123456789012", id = "triage-dev-archive-results-123456789012" }
}

# The ARNs AWS gives the archive function and state machine: the state machine's
# role names both (the ASL's requests are derived from the state machine's ARN).
override_resource {
  target = module.classify_archive.aws_lambda_function.this
  values = { arn = "arn:aws:lambda:eu-west-1:123456789012:function:triage-dev-classify-archive" }
}

override_resource {
  target = module.archive_job.aws_sfn_state_machine.this
  values = { arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:triage-dev-archive" }
}

run "contract" {
  command = apply

  assert {
    condition     = strcontains(jsonencode(module.classify_email.policy_statements), "arn:aws:s3:::triage-dev-mail-123456789012/incoming/")
    error_message = "classifyEmail's policy must name the mail bucket's incoming/ prefix by its ARN."
  }
}
