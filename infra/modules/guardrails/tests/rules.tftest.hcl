# Every security rule, shown to pass on a compliant set of facts and to FAIL
# when exactly that rule is broken (expect_failures names the one rule that
# must fail; any other failure, or no failure, fails the run).

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  iam_policies = {
    "fn-role" = [
      { Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"] },
      { Effect = "Allow", Action = ["s3:GetObject"] },
      # A Deny may use wildcards: denying more never grants anything.
      { Effect = "Deny", Action = ["s3:*"] },
    ]
  }
  buckets = {
    "good-bucket" = {
      block_public_acls       = true
      block_public_policy     = true
      ignore_public_acls      = true
      restrict_public_buckets = true
      sse_algorithm           = "AES256"
      policy                  = <<-JSON
        {"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":["s3:*"],
         "Resource":["arn:aws:s3:::good-bucket","arn:aws:s3:::good-bucket/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
      JSON
    }
  }
  queues = {
    "work" = {
      dead_letter_queue       = false
      redrive_policy          = "{\"deadLetterTargetArn\":\"arn:aws:sqs:eu-west-1:123456789012:work-dlq\",\"maxReceiveCount\":5}"
      sqs_managed_sse_enabled = true
      kms_master_key_id       = null
    }
    "work-dlq" = {
      dead_letter_queue       = true
      redrive_policy          = null
      sqs_managed_sse_enabled = false
      kms_master_key_id       = "alias/triage"
    }
  }
  log_groups            = { "/aws/lambda/fn" = 30 }
  event_source_mappings = { "work->fn" = ["ReportBatchItemFailures"] }
  api_stages = {
    "api/v1" = {
      stage_rate_limit  = 20
      stage_burst_limit = 40
      key_rate_limit    = 10
      key_burst_limit   = 20
      quota_limit       = 1000
      api_key_required  = true
      access_logs_on    = true
    }
  }
}

run "compliant_facts_pass_every_rule" {
  command = plan

  assert {
    condition     = alltrue([for rule, offenders in output.violations : length(offenders) == 0])
    error_message = "Compliant facts must not be reported: ${jsonencode(output.violations)}."
  }

  assert {
    condition     = output.checked.iam_statements == 3 && output.checked.buckets == 1 && output.checked.queues == 2
    error_message = "The rules must inspect every input: ${jsonencode(output.checked)}."
  }
}

run "wildcard_service_action_fails" {
  command = plan
  variables {
    iam_policies = { "fn-role" = [{ Effect = "Allow", Action = ["s3:*"] }] }
  }
  expect_failures = [terraform_data.iam_no_wildcard_actions]
}

run "star_action_fails" {
  command = plan
  variables {
    iam_policies = { "fn-role" = [{ Effect = "Allow", Action = ["logs:PutLogEvents"] }, { Effect = "Allow", Action = ["*"] }] }
  }
  expect_failures = [terraform_data.iam_no_wildcard_actions]
}

run "partial_wildcard_action_fails" {
  command = plan
  variables {
    iam_policies = { "fn-role" = [{ Effect = "Allow", Action = ["s3:Get*"] }] }
  }
  expect_failures = [terraform_data.iam_no_wildcard_actions]
}

run "allow_with_not_action_fails" {
  command = plan
  variables {
    iam_policies = { "fn-role" = [{ Effect = "Allow", NotAction = ["iam:PassRole"] }] }
  }
  expect_failures = [terraform_data.iam_no_wildcard_actions]
}

run "wildcard_reports_the_offender" {
  command = plan
  variables {
    iam_policies = { "fn-role" = [{ Effect = "Allow", Action = ["sqs:SendMessage", "sqs:*"] }] }
  }
  expect_failures = [terraform_data.iam_no_wildcard_actions]
  assert {
    condition     = output.violations.iam_no_wildcard_actions == ["fn-role: sqs:*"]
    error_message = "The violation must name the role and the action."
  }
}

run "public_bucket_fails" {
  command = plan
  variables {
    buckets = { "good-bucket" = merge(var.buckets["good-bucket"], { restrict_public_buckets = false }) }
  }
  expect_failures = [terraform_data.buckets_block_public_access]
}

run "unencrypted_bucket_fails" {
  command = plan
  variables {
    buckets = { "good-bucket" = merge(var.buckets["good-bucket"], { sse_algorithm = null }) }
  }
  expect_failures = [terraform_data.buckets_encrypted]
}

run "bucket_policy_without_tls_deny_fails" {
  command = plan
  variables {
    buckets = { "good-bucket" = merge(var.buckets["good-bucket"], {
      policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[\"s3:DeleteBucket\"],\"Resource\":[\"arn:aws:s3:::good-bucket\"]}]}"
    }) }
  }
  expect_failures = [terraform_data.buckets_tls_only]
}

run "tls_deny_that_is_an_allow_fails" {
  command = plan
  variables {
    buckets = { "good-bucket" = merge(var.buckets["good-bucket"], {
      policy = replace(var.buckets["good-bucket"].policy, "\"Effect\":\"Deny\"", "\"Effect\":\"Allow\"")
    }) }
  }
  expect_failures = [terraform_data.buckets_tls_only]
}

run "queue_without_dlq_fails" {
  command = plan
  variables {
    queues = { "work" = merge(var.queues["work"], { redrive_policy = null }) }
  }
  expect_failures = [terraform_data.queues_have_dead_letter_queue]
}

run "unencrypted_queue_fails" {
  command = plan
  variables {
    queues = { "work" = merge(var.queues["work"], { sqs_managed_sse_enabled = false }) }
  }
  expect_failures = [terraform_data.queues_encrypted]
}

run "log_group_without_retention_fails" {
  command = plan
  variables {
    log_groups = { "/aws/lambda/fn" = 0 }
  }
  expect_failures = [terraform_data.log_groups_expire]
}

run "mapping_without_partial_batch_failures_fails" {
  command = plan
  variables {
    event_source_mappings = { "work->fn" = [] }
  }
  expect_failures = [terraform_data.event_source_mappings_report_batch_item_failures]
}

run "unthrottled_api_stage_fails" {
  command = plan
  variables {
    api_stages = { "api/v1" = merge(var.api_stages["api/v1"], { stage_rate_limit = 0 }) }
  }
  expect_failures = [terraform_data.api_stages_protected]
}

run "api_without_key_requirement_fails" {
  command = plan
  variables {
    api_stages = { "api/v1" = merge(var.api_stages["api/v1"], { api_key_required = false }) }
  }
  expect_failures = [terraform_data.api_stages_protected]
}

# The same rules applied to a real (mocked) bucket that a module configured
# insecurely: tests/fixtures/insecure_bucket is broken on purpose.
run "insecure_fixture" {
  command = apply
  module {
    source = "../../tests/fixtures/insecure_bucket"
  }
}

run "guardrails_reject_the_insecure_fixture" {
  command = plan
  variables {
    buckets = run.insecure_fixture.security_facts.buckets
  }
  expect_failures = [terraform_data.buckets_block_public_access, terraform_data.buckets_tls_only]
}
