# A plan of the whole dev environment against the mocked AWS provider.
# infra/tests/run runs this file with -verbose and reads the "Plan: N to add"
# line to report (and pin) the number of planned resources.

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

run "full_plan" {
  command = plan

  # Values known at plan time; the wiring that needs computed ARNs is asserted
  # in wiring.tftest.hcl (mocked apply).
  assert {
    condition     = module.guardrails.checked.iam_policies == 8 && module.guardrails.checked.buckets == 4 && module.guardrails.checked.queues == 4 && module.guardrails.checked.log_groups == 7 && module.guardrails.checked.event_source_mappings == 1 && module.guardrails.checked.api_stages == 1
    error_message = "The guardrails must inspect 8 IAM policies, 4 buckets, 4 queues, 7 log groups, 1 event source mapping and 1 API stage; got ${jsonencode(module.guardrails.checked)}."
  }

  assert {
    condition     = length(module.guardrails.violations.iam_no_wildcard_actions) == 0
    error_message = "Wildcard IAM actions: ${jsonencode(module.guardrails.violations.iam_no_wildcard_actions)}."
  }

  assert {
    condition = anytrue([
      for s in module.training.job_role_statements :
      s.Sid == "KeepTrainingCheckpoints" && s.Resource == ["arn:aws:s3:::triage-dev-models-123456789012/training/*"]
    ])
    error_message = "The training job must keep its checkpoints under the model store's training/ prefix."
  }

  assert {
    condition     = module.classify.runtime == "java21" && module.classify.handler == "dev.triage.function.aws.HeadStartStreamHandler::handleRequest"
    error_message = "The JVM flavour must run java21 with the Quarkus stream handler."
  }

  assert {
    condition = (
      module.classify.environment.QUARKUS_FUNQY_EXPORT == "classify"
      && module.health.environment.QUARKUS_FUNQY_EXPORT == "health"
      && module.classify_email.environment.QUARKUS_FUNQY_EXPORT == "classifyEmail"
      && module.classify_archive.environment.QUARKUS_FUNQY_EXPORT == "classifyArchive"
    )
    error_message = "Each function must export its own Funqy function."
  }

  # classifyEmail's model is set explicitly in its own variable, never
  # through the text model's (the function would otherwise fall back to it).
  assert {
    condition = (
      module.classify.environment.TRIAGE_MODEL_LOCATION == var.classify_model_uri
      && module.health.environment.TRIAGE_MODEL_LOCATION == var.classify_model_uri
      && module.classify_email.environment.TRIAGE_EMAIL_MODEL_LOCATION == var.email_model_uri
      && !contains(keys(module.classify_email.environment), "TRIAGE_MODEL_LOCATION")
    )
    error_message = "classify and health must load classify_model_uri (TRIAGE_MODEL_LOCATION), classifyEmail email_model_uri (TRIAGE_EMAIL_MODEL_LOCATION)."
  }

  # Each function is pinned to its bundle's triage.json.
  assert {
    condition = (
      module.classify.environment.TRIAGE_MODEL_SHA256 == var.classify_model_sha256
      && module.health.environment.TRIAGE_MODEL_SHA256 == var.classify_model_sha256
      && module.classify_email.environment.TRIAGE_EMAIL_MODEL_SHA256 == var.email_model_sha256
    )
    error_message = "classify and health must be pinned to classify_model_sha256, classifyEmail to email_model_sha256."
  }

  # Lambda takes at most 50 MB of zip in a direct upload; the function zip is
  # about 213 MB. No function may be created from a local file.
  assert {
    condition = alltrue([
      for f in [module.classify, module.health, module.classify_email, module.classify_archive] :
      f.code.filename == null
    ])
    error_message = "No function may be created by a direct upload (filename); the code comes from the artifact bucket (asserted with the object's version in wiring.tftest.hcl)."
  }

  # The pollers never start more classifyEmail invocations than it may run.
  assert {
    condition     = module.email_ingest.event_source_mapping_maximum_concurrency == 5 && module.classify_email.reserved_concurrency == 5 && module.email_ingest.event_source_mapping_maximum_concurrency / module.classify_email.reserved_concurrency <= 1
    error_message = "The e-mail mapping's maximum_concurrency must be passed and be at most classifyEmail's reserved concurrency (ratio <= 1)."
  }

  assert {
    condition = toset(output.alarm_names) == toset([
      "triage-dev-dlq-depth-email_input", "triage-dev-dlq-age-email_input",
      "triage-dev-dlq-depth-email_results", "triage-dev-dlq-age-email_results",
      "triage-dev-errors-classify", "triage-dev-errors-health", "triage-dev-errors-classify_email",
      "triage-dev-throttles-classify", "triage-dev-throttles-health", "triage-dev-throttles-classify_email",
      "triage-dev-errors-classify_archive", "triage-dev-throttles-classify_archive",
      "triage-dev-executions-failed-archive", "triage-dev-executions-timedout-archive", "triage-dev-executions-aborted-archive",
      "triage-dev-5xx-api", "triage-dev-p99-latency-api", "triage-dev-queue-age-email_input",
    ])
    error_message = "Unexpected alarms: ${jsonencode(output.alarm_names)}."
  }

  assert {
    condition     = output.model_bucket_name == "triage-dev-models-123456789012" && output.mail_bucket_name == "triage-dev-mail-123456789012"
    error_message = "Bucket names must be <prefix>-models|mail-<account id>."
  }

  # The archive job: by default the mail bucket's incoming/, results in a bucket
  # of its own, 10 batches of 100 at once, 5 % failed batches tolerated.
  assert {
    condition = (
      output.archive.bucket == "triage-dev-mail-123456789012" && output.archive.prefix == "incoming/"
      && output.archive.results_bucket == "triage-dev-archive-results-123456789012" && output.archive.results_prefix == "archive-results/"
      && output.archive.max_concurrency == 10 && output.archive.max_items_per_batch == 100 && output.archive.tolerated_failure_percentage == 5
      && output.archive.memory_size == 2048 && output.archive.timeout == 900
      && length(module.archive_results) == 1
    )
    error_message = "Unexpected archive defaults: ${jsonencode(output.archive)}."
  }

  # classifyArchive starts with the e-mail model and may read any published
  # bundle of the model store (classify-archive picks one per job), nothing else.
  assert {
    condition = (
      module.classify_archive.environment.TRIAGE_EMAIL_MODEL_LOCATION == var.email_model_uri
      && module.classify_archive.environment.TRIAGE_EMAIL_MODEL_SHA256 == var.email_model_sha256
      && module.classify_archive.environment.TRIAGE_ARCHIVE_RESULTS_BUCKET == "triage-dev-archive-results-123456789012"
      && module.classify_archive.environment.TRIAGE_ARCHIVE_TIME_BUDGET == "840s"
      && [for s in module.classify_archive.policy_statements : s.Resource if s.Sid == "ReadModelBundle"][0] == ["arn:aws:s3:::triage-dev-models-123456789012/models/*"]
    )
    error_message = "classifyArchive's model, results bucket, time budget or model grant is wrong: ${jsonencode(module.classify_archive.environment)}."
  }
}

# A job's concurrency may not exceed classifyArchive's reservation (each batch
# above it would be throttled and retried), and stays within Distributed Map's 10,000.
run "archive_concurrency_above_its_reservation_refused" {
  command = plan

  variables {
    functions = {
      classify         = { memory_size = 2048, timeout = 30, reserved_concurrency = 10 }
      health           = { memory_size = 1024, timeout = 30, reserved_concurrency = 2 }
      classify_email   = { memory_size = 2048, timeout = 120, reserved_concurrency = 5 }
      classify_archive = { memory_size = 2048, timeout = 900, reserved_concurrency = 5 }
    }
    archive = { max_concurrency = 10 }
  }

  expect_failures = [var.archive]
}

run "archive_timeout_below_two_minutes_refused" {
  command = plan

  variables {
    functions = {
      classify         = { memory_size = 2048, timeout = 30, reserved_concurrency = 10 }
      health           = { memory_size = 1024, timeout = 30, reserved_concurrency = 2 }
      classify_email   = { memory_size = 2048, timeout = 120, reserved_concurrency = 5 }
      classify_archive = { memory_size = 2048, timeout = 90 }
    }
  }

  expect_failures = [var.functions]
}

# An existing results bucket and another archive bucket: nothing is created for
# results, and both grants follow the variables.
run "archive_in_existing_buckets" {
  command = plan

  variables {
    archive = { bucket = "acme-mail-archive", prefix = "", results_bucket = "acme-triage-results", max_concurrency = 200 }
  }

  assert {
    condition = (
      length(module.archive_results) == 0
      && output.archive.bucket == "acme-mail-archive" && output.archive.prefix == ""
      && output.archive.results_bucket == "acme-triage-results" && output.archive.max_concurrency == 200
      && [for s in module.archive_job.function_policy_statements : s.resources if s.sid == "ReadArchive"][0] == ["arn:aws:s3:::acme-mail-archive/*"]
      && [for s in module.archive_job.function_policy_statements : s.resources if s.sid == "WriteBatchResults"][0] == ["arn:aws:s3:::acme-triage-results/archive-results/*"]
    )
    error_message = "The archive variables must reach the job and its grants: ${jsonencode(output.archive)}."
  }
}

# classifyEmail serves a ham/spam model, classify a text model: with the
# functions deployed, a missing email_model_uri stops the plan (no fallback to
# classify_model_uri, whose labels are wrong for e-mail).
run "email_model_required_with_classify_model" {
  command = plan

  variables {
    email_model_uri = null
  }

  expect_failures = [var.email_model_uri]
}

# First deployment: the model store and the trainer registry must exist before
# a bundle can be published, so infra/bin/deploy --bootstrap applies only them,
# with no model URI yet.
run "bootstrap_targets_storage_and_training_without_a_model" {
  command = plan

  variables {
    classify_model_uri = null
    email_model_uri    = null
    trainer_image_tag  = null
  }

  plan_options {
    target = [module.model_store, module.training]
  }

  assert {
    condition     = output.model_bucket_name == "triage-dev-models-123456789012"
    error_message = "The bootstrap plan must create the model store."
  }
}

# Published bundles are pinned: a model URI without its triage.json sha256 stops the plan.
run "model_sha256_required_with_the_model" {
  command = plan

  variables {
    email_model_sha256 = null
  }

  expect_failures = [var.email_model_sha256]
}

# Lambda keeps 100 concurrent executions unreserved: 10 + 2 + 5 reserved need a
# quota of at least 117 (infra/bin/deploy passes the account's).
run "concurrency_quota_of_117_is_enough" {
  command = plan

  variables {
    lambda_concurrency_quota = 117
  }
}

run "concurrency_quota_of_116_refused" {
  command = plan

  variables {
    lambda_concurrency_quota = 116
  }

  expect_failures = [var.lambda_concurrency_quota]
}

# Reservations are optional: unreserved functions need no quota, and the
# e-mail pollers then need an explicit bound.
run "unreserved_functions_with_an_explicit_email_bound" {
  command = plan

  variables {
    functions = {
      classify       = { memory_size = 2048, timeout = 30 }
      health         = { memory_size = 1024, timeout = 30 }
      classify_email = { memory_size = 2048, timeout = 120 }
    }
    email_queue = {
      batch_size                      = 10
      maximum_batching_window_seconds = 5
      max_receive_count               = 5
      mail_expiration_days            = 30
      maximum_concurrency             = 3
    }
    lambda_concurrency_quota = 10
  }

  assert {
    condition     = module.classify.reserved_concurrency == null && module.email_ingest.event_source_mapping_maximum_concurrency == 3
    error_message = "Unreserved functions and an explicit bound on the e-mail pollers must reach the resources."
  }
}

run "unbounded_email_pollers_refused" {
  command = plan

  variables {
    functions = {
      classify       = { memory_size = 2048, timeout = 30, reserved_concurrency = 10 }
      health         = { memory_size = 1024, timeout = 30, reserved_concurrency = 2 }
      classify_email = { memory_size = 2048, timeout = 120 }
    }
  }

  expect_failures = [var.email_queue]
}

run "model_uri_validated" {
  command = plan

  variables {
    classify_model_uri = "s3://triage-dev-models-123456789012/models/support-tickets"
  }

  expect_failures = [var.classify_model_uri]
}
