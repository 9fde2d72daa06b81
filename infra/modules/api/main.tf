# REST API (v1) in front of the classify and health functions.
# v1 rather than HTTP API (v2) because API keys, usage plans (per-key throttle
# and quota) and per-method stage throttling only exist on REST APIs.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  access_log_group_name = "/aws/apigateway/${var.name}/access"

  # AWS_IAM: callers sign with SigV4 and need execute-api:Invoke (the
  # invoke policy below); the API key stays required either way, for the
  # usage plan's per-key throttle and quota. NONE: the key alone.
  method_authorization = var.authorization == "AWS_IAM" ? "AWS_IAM" : "NONE"
  method_arns = {
    "POST /classify" = "${aws_api_gateway_rest_api.this.execution_arn}/${var.stage_name}/POST/classify"
    "GET /health"    = "${aws_api_gateway_rest_api.this.execution_arn}/${var.stage_name}/GET/health"
  }
  invoke_policy_statements = [
    {
      Sid      = "InvokeTriageApi"
      Effect   = "Allow"
      Action   = ["execute-api:Invoke"]
      Resource = values(local.method_arns)
    },
  ]

  # The role API Gateway uses to write logs is an account-wide, per-region
  # setting shared by every REST API of the account, so it is scoped to this
  # account's log groups in this region rather than to this API's groups.
  logging_role_statements = [
    {
      Sid    = "WriteApiGatewayLogs"
      Effect = "Allow"
      Action = [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
      ]
      Resource = ["arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:*"]
    },
  ]

  # One JSON object per request; field names follow $context variables.
  access_log_format = jsonencode({
    requestId          = "$context.requestId"
    extendedRequestId  = "$context.extendedRequestId"
    requestTime        = "$context.requestTime"
    httpMethod         = "$context.httpMethod"
    resourcePath       = "$context.resourcePath"
    status             = "$context.status"
    protocol           = "$context.protocol"
    responseLength     = "$context.responseLength"
    sourceIp           = "$context.identity.sourceIp"
    userAgent          = "$context.identity.userAgent"
    apiKeyId           = "$context.identity.apiKeyId"
    integrationStatus  = "$context.integration.status"
    integrationLatency = "$context.integration.latency"
    responseLatency    = "$context.responseLatency"
    errorMessage       = "$context.error.message"
  })
}

resource "aws_api_gateway_rest_api" "this" {
  name           = var.name
  description    = "Triage text classification API"
  api_key_source = "HEADER"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = var.tags
}

# --- POST /classify -> classify function (Lambda proxy, payload 1.0) ---

resource "aws_api_gateway_resource" "classify" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "classify"
}

resource "aws_api_gateway_method" "classify_post" {
  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = aws_api_gateway_resource.classify.id
  http_method      = "POST"
  authorization    = local.method_authorization
  api_key_required = true
}

resource "aws_api_gateway_integration" "classify" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.classify.id
  http_method             = aws_api_gateway_method.classify_post.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = var.classify_invoke_arn
}

resource "aws_lambda_permission" "classify" {
  statement_id  = "AllowApiGatewayInvokeClassify"
  action        = "lambda:InvokeFunction"
  function_name = var.classify_function_name
  qualifier     = var.classify_qualifier
  principal     = "apigateway.amazonaws.com"
  # Only this API, this stage, this method and path may invoke the function.
  source_arn = local.method_arns["POST /classify"]
}

# --- GET /health -> health function ---

resource "aws_api_gateway_resource" "health" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "health"
}

resource "aws_api_gateway_method" "health_get" {
  rest_api_id      = aws_api_gateway_rest_api.this.id
  resource_id      = aws_api_gateway_resource.health.id
  http_method      = "GET"
  authorization    = local.method_authorization
  api_key_required = true
}

resource "aws_api_gateway_integration" "health" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.health.id
  http_method             = aws_api_gateway_method.health_get.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST" # Lambda is always invoked with POST, whatever the client's method.
  uri                     = var.health_invoke_arn
}

resource "aws_lambda_permission" "health" {
  statement_id  = "AllowApiGatewayInvokeHealth"
  action        = "lambda:InvokeFunction"
  function_name = var.health_function_name
  qualifier     = var.health_qualifier
  principal     = "apigateway.amazonaws.com"
  source_arn    = local.method_arns["GET /health"]
}

# --- Deployment and stage ---

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  # A deployment is a snapshot: redeploy whenever a route or integration changes.
  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.classify.id,
      aws_api_gateway_method.classify_post.id,
      aws_api_gateway_method.classify_post.api_key_required,
      aws_api_gateway_method.classify_post.authorization,
      aws_api_gateway_integration.classify.id,
      aws_api_gateway_integration.classify.uri,
      aws_api_gateway_resource.health.id,
      aws_api_gateway_method.health_get.id,
      aws_api_gateway_method.health_get.api_key_required,
      aws_api_gateway_method.health_get.authorization,
      aws_api_gateway_integration.health.id,
      aws_api_gateway_integration.health.uri,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_integration.classify, aws_api_gateway_integration.health]
}

resource "aws_cloudwatch_log_group" "access" {
  name              = local.access_log_group_name
  retention_in_days = var.access_log_retention_days
  tags              = var.tags
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = var.stage_name
  xray_tracing_enabled = var.xray_tracing_enabled

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = local.access_log_format
  }

  tags = var.tags

  # Access logging is refused until the account has a logging role.
  depends_on = [aws_api_gateway_account.this]
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    # Stage-wide ceiling for all keys together; the usage plan below limits each key.
    throttling_rate_limit  = var.stage_throttle_rate_limit
    throttling_burst_limit = var.stage_throttle_burst_limit
    metrics_enabled        = true
    logging_level          = var.execution_logging_level
    # Request/response bodies are user texts: never log them.
    data_trace_enabled = false
  }
}

# --- API key and usage plan ---

resource "aws_api_gateway_usage_plan" "this" {
  name        = "${var.name}-default"
  description = "Per-key throttle and quota for ${var.name}."

  api_stages {
    api_id = aws_api_gateway_rest_api.this.id
    stage  = aws_api_gateway_stage.this.stage_name
  }

  throttle_settings {
    rate_limit  = var.key_throttle_rate_limit
    burst_limit = var.key_throttle_burst_limit
  }

  quota_settings {
    limit  = var.quota_limit
    period = var.quota_period
  }

  tags = var.tags
}

resource "aws_api_gateway_api_key" "this" {
  name        = "${var.name}-default"
  description = "Default API key of ${var.name}; read its value with: aws apigateway get-api-key --api-key <id> --include-value"
  enabled     = true
  tags        = var.tags
}

resource "aws_api_gateway_usage_plan_key" "this" {
  key_id        = aws_api_gateway_api_key.this.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.this.id
}

# --- Invoke policy for SigV4 callers (authorization = AWS_IAM) ---

# Attach to the roles of service callers; a caller also needs the API key.
resource "aws_iam_policy" "invoke" {
  count       = var.authorization == "AWS_IAM" ? 1 : 0
  name        = "${var.name}-invoke"
  description = "Invoke POST /classify and GET /health of ${var.name}, stage ${var.stage_name} (SigV4; the API key is required too)."
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.invoke_policy_statements
  })
  tags = var.tags
}

# --- Account-level logging role (optional, one per account and region) ---

resource "aws_iam_role" "logging" {
  count = var.manage_account_logging_role ? 1 : 0
  name  = "${var.name}-apigateway-logging"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "apigateway.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "logging" {
  count = var.manage_account_logging_role ? 1 : 0
  name  = "${var.name}-apigateway-logging"
  role  = aws_iam_role.logging[0].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.logging_role_statements
  })
}

resource "aws_api_gateway_account" "this" {
  count               = var.manage_account_logging_role ? 1 : 0
  cloudwatch_role_arn = aws_iam_role.logging[0].arn
  depends_on          = [aws_iam_role_policy.logging]
}
