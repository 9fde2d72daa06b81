# modules/api: REST API v1, Lambda proxy routes, API key + usage plan,
# stage throttling, JSON access logs.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name                   = "triage-test-api"
  classify_function_name = "triage-test-classify"
  classify_invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:triage-test-classify/invocations"
  health_function_name   = "triage-test-health"
  health_invoke_arn      = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:triage-test-health/invocations"
}

run "routes_keys_throttling_logs" {
  command = apply

  assert {
    condition     = aws_api_gateway_resource.classify.path_part == "classify" && aws_api_gateway_method.classify_post.http_method == "POST" && aws_api_gateway_method.classify_post.api_key_required
    error_message = "POST /classify must exist and require an API key."
  }

  assert {
    condition     = aws_api_gateway_resource.health.path_part == "health" && aws_api_gateway_method.health_get.http_method == "GET" && aws_api_gateway_method.health_get.api_key_required
    error_message = "GET /health must exist and require an API key."
  }

  assert {
    condition = (
      aws_api_gateway_integration.classify.type == "AWS_PROXY" && aws_api_gateway_integration.classify.integration_http_method == "POST"
      && aws_api_gateway_integration.classify.uri == var.classify_invoke_arn
      && aws_api_gateway_integration.health.type == "AWS_PROXY" && aws_api_gateway_integration.health.uri == var.health_invoke_arn
    )
    error_message = "Both routes must be Lambda proxy integrations of their own function."
  }

  assert {
    condition = (
      aws_lambda_permission.classify.function_name == var.classify_function_name
      && aws_lambda_permission.classify.principal == "apigateway.amazonaws.com"
      && aws_lambda_permission.classify.source_arn == "${aws_api_gateway_rest_api.this.execution_arn}/v1/POST/classify"
      && aws_lambda_permission.health.source_arn == "${aws_api_gateway_rest_api.this.execution_arn}/v1/GET/health"
    )
    error_message = "Each function may be invoked only by its own route of this stage."
  }

  assert {
    condition = (
      aws_api_gateway_method_settings.all.method_path == "*/*"
      && aws_api_gateway_method_settings.all.settings[0].throttling_rate_limit == 20
      && aws_api_gateway_method_settings.all.settings[0].throttling_burst_limit == 40
      && aws_api_gateway_method_settings.all.settings[0].data_trace_enabled == false
    )
    error_message = "Every method of the stage must be throttled, and request bodies never logged."
  }

  assert {
    condition = (
      aws_api_gateway_usage_plan.this.throttle_settings[0].rate_limit == 10
      && aws_api_gateway_usage_plan.this.throttle_settings[0].burst_limit == 20
      && aws_api_gateway_usage_plan.this.quota_settings[0].limit == 10000
      && aws_api_gateway_usage_plan.this.quota_settings[0].period == "DAY"
      && one(aws_api_gateway_usage_plan.this.api_stages[*].stage) == aws_api_gateway_stage.this.stage_name
    )
    error_message = "The usage plan must throttle and cap each key on this stage."
  }

  assert {
    condition     = aws_api_gateway_usage_plan_key.this.key_id == aws_api_gateway_api_key.this.id && aws_api_gateway_usage_plan_key.this.usage_plan_id == aws_api_gateway_usage_plan.this.id
    error_message = "The API key must be attached to the usage plan."
  }

  assert {
    condition     = aws_api_gateway_stage.this.access_log_settings[0].destination_arn == aws_cloudwatch_log_group.access.arn && can(jsondecode(aws_api_gateway_stage.this.access_log_settings[0].format).requestId)
    error_message = "Access logs must go to the module's log group, one JSON object per request."
  }

  assert {
    condition     = aws_cloudwatch_log_group.access.retention_in_days == 30
    error_message = "The access log group must expire its events."
  }

  assert {
    condition     = aws_api_gateway_account.this[0].cloudwatch_role_arn == aws_iam_role.logging[0].arn
    error_message = "The account logging role must be registered so access logging is accepted."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.logging[0].policy).Statement : alltrue([for a in s.Action : !strcontains(a, "*")])])
    error_message = "The logging role must not grant wildcard actions."
  }

  assert {
    condition     = output.classify_url == "${aws_api_gateway_stage.this.invoke_url}/classify"
    error_message = "classify_url must be the stage URL + /classify."
  }
}

run "guardrails_accept_the_api" {
  command = plan
  module {
    source = "../guardrails"
  }
  variables {
    api_stages   = run.routes_keys_throttling_logs.security_facts.api_stages
    iam_policies = run.routes_keys_throttling_logs.security_facts.iam_policies
    log_groups   = run.routes_keys_throttling_logs.security_facts.log_groups
  }
  assert {
    condition     = output.checked.api_stages == 1 && alltrue([for rule, offenders in output.violations : length(offenders) == 0])
    error_message = "The API must pass the guardrails: ${jsonencode(output.violations)}."
  }
}

run "alias_qualifiers_and_no_account_role" {
  command = plan
  variables {
    classify_qualifier          = "live"
    health_qualifier            = "live"
    manage_account_logging_role = false
    xray_tracing_enabled        = true
  }
  assert {
    condition     = aws_lambda_permission.classify.qualifier == "live" && aws_lambda_permission.health.qualifier == "live"
    error_message = "Permissions must be granted on the alias that the API invokes."
  }
  assert {
    condition     = length(aws_iam_role.logging) == 0 && length(aws_api_gateway_account.this) == 0
    error_message = "The account logging role must be optional."
  }
  assert {
    condition     = aws_api_gateway_stage.this.xray_tracing_enabled
    error_message = "X-Ray must be switchable on the stage."
  }
}

# Service callers sign with SigV4 (AWS_IAM); the API key stays required, so the
# usage plan's per-key throttle and quota keep applying to them.
run "iam_authorization_for_service_callers" {
  command = apply

  variables {
    authorization = "AWS_IAM"
  }

  assert {
    condition = (
      aws_api_gateway_method.classify_post.authorization == "AWS_IAM" && aws_api_gateway_method.health_get.authorization == "AWS_IAM"
      && aws_api_gateway_method.classify_post.api_key_required && aws_api_gateway_method.health_get.api_key_required
    )
    error_message = "With AWS_IAM both routes must require a SigV4 signature and still the API key."
  }

  assert {
    condition = jsondecode(aws_iam_policy.invoke[0].policy).Statement == [{
      Sid      = "InvokeTriageApi"
      Effect   = "Allow"
      Action   = ["execute-api:Invoke"]
      Resource = ["arn:aws:execute-api:eu-west-1:123456789012:mockapi01/v1/GET/health", "arn:aws:execute-api:eu-west-1:123456789012:mockapi01/v1/POST/classify"]
    }]
    error_message = "The invoke policy must allow exactly the two routes of this stage: ${aws_iam_policy.invoke[0].policy}."
  }

  assert {
    condition     = output.invoke_policy_arn == aws_iam_policy.invoke[0].arn && output.authorization == "AWS_IAM"
    error_message = "The invoke policy must be an output, to attach to callers."
  }
}

run "api_key_authorization_by_default" {
  command = plan

  assert {
    condition     = aws_api_gateway_method.classify_post.authorization == "NONE" && length(aws_iam_policy.invoke) == 0
    error_message = "By default the API key alone authorizes, and no invoke policy exists."
  }
}

run "unknown_authorization_refused" {
  command = plan
  variables {
    authorization = "COGNITO_USER_POOLS"
  }
  expect_failures = [var.authorization]
}

run "zero_stage_throttle_refused" {
  command = plan
  variables {
    stage_throttle_rate_limit = 0
  }
  expect_failures = [var.stage_throttle_rate_limit]
}

run "fractional_burst_refused" {
  command = plan
  variables {
    key_throttle_burst_limit = 2.5
  }
  expect_failures = [var.key_throttle_burst_limit]
}

run "unknown_quota_period_refused" {
  command = plan
  variables {
    quota_period = "YEAR"
  }
  expect_failures = [var.quota_period]
}

run "never_expiring_access_logs_refused" {
  command = plan
  variables {
    access_log_retention_days = 0
  }
  expect_failures = [var.access_log_retention_days]
}
