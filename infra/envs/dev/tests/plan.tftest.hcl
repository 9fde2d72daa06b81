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
  trainer_image_tag  = "0f1e2d3"
}

run "full_plan" {
  command = plan

  # Values known at plan time; the wiring that needs computed ARNs is asserted
  # in wiring.tftest.hcl (mocked apply).
  assert {
    condition     = module.guardrails.checked.iam_policies == 6 && module.guardrails.checked.buckets == 2 && module.guardrails.checked.queues == 4 && module.guardrails.checked.log_groups == 5 && module.guardrails.checked.event_source_mappings == 1 && module.guardrails.checked.api_stages == 1
    error_message = "The guardrails must inspect 6 IAM policies, 2 buckets, 4 queues, 5 log groups, 1 event source mapping and 1 API stage; got ${jsonencode(module.guardrails.checked)}."
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
    condition     = module.classify.runtime == "java21" && module.classify.handler == "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"
    error_message = "The JVM flavour must run java21 with the Quarkus stream handler."
  }

  assert {
    condition = (
      module.classify.environment.QUARKUS_FUNQY_EXPORT == "classify"
      && module.health.environment.QUARKUS_FUNQY_EXPORT == "health"
      && module.classify_email.environment.QUARKUS_FUNQY_EXPORT == "classifyEmail"
    )
    error_message = "Each function must export its own Funqy function."
  }

  assert {
    condition = (
      module.classify.environment.TRIAGE_MODEL_LOCATION == var.classify_model_uri
      && module.health.environment.TRIAGE_MODEL_LOCATION == var.classify_model_uri
      && module.classify_email.environment.TRIAGE_MODEL_LOCATION == var.email_model_uri
    )
    error_message = "classify and health must load classify_model_uri, classifyEmail email_model_uri."
  }

  assert {
    condition     = output.model_bucket_name == "triage-dev-models-123456789012" && output.mail_bucket_name == "triage-dev-mail-123456789012"
    error_message = "Bucket names must be <prefix>-models|mail-<account id>."
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

run "model_uri_validated" {
  command = plan

  variables {
    classify_model_uri = "s3://triage-dev-models-123456789012/models/support-tickets"
  }

  expect_failures = [var.classify_model_uri]
}
