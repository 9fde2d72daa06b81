output "api_url" {
  description = "Base URL of the stage (append /classify or /health)."
  value       = aws_api_gateway_stage.this.invoke_url
}

output "classify_url" {
  description = "URL of POST /classify."
  value       = "${aws_api_gateway_stage.this.invoke_url}/classify"
}

output "health_url" {
  description = "URL of GET /health."
  value       = "${aws_api_gateway_stage.this.invoke_url}/health"
}

output "rest_api_id" {
  description = "ID of the REST API."
  value       = aws_api_gateway_rest_api.this.id
}

output "stage_name" {
  description = "Name of the deployed stage."
  value       = aws_api_gateway_stage.this.stage_name
}

output "api_key_id" {
  description = "ID of the default API key. The value is not an output (it would land in state outputs in clear): read it with aws apigateway get-api-key --api-key <id> --include-value."
  value       = aws_api_gateway_api_key.this.id
}

output "authorization" {
  description = "How callers authenticate: API_KEY, or AWS_IAM (SigV4 and the API key)."
  value       = var.authorization
}

output "invoke_policy_arn" {
  description = "Managed policy allowing execute-api:Invoke on the API's routes (attach to SigV4 callers), or null with API_KEY authorization."
  value       = one(aws_iam_policy.invoke[*].arn)
}

output "invoke_policy_statements" {
  description = "The statements of the invoke policy, as plain values."
  value       = local.invoke_policy_statements
}

output "usage_plan_id" {
  description = "ID of the usage plan; attach further API keys to it."
  value       = aws_api_gateway_usage_plan.this.id
}

output "access_log_group_name" {
  description = "CloudWatch log group receiving the JSON access logs."
  value       = aws_cloudwatch_log_group.access.name
}

output "security_facts" {
  description = "What the guardrails module checks about this module's resources (see modules/guardrails)."
  value = {
    iam_policies = merge(
      var.manage_account_logging_role ? { (aws_iam_role.logging[0].name) = local.logging_role_statements } : {},
      var.authorization == "AWS_IAM" ? { (aws_iam_policy.invoke[0].name) = local.invoke_policy_statements } : {},
    )
    buckets               = {}
    queues                = {}
    log_groups            = { (local.access_log_group_name) = aws_cloudwatch_log_group.access.retention_in_days }
    event_source_mappings = {}
    api_stages = {
      "${var.name}/${var.stage_name}" = {
        stage_rate_limit  = one(aws_api_gateway_method_settings.all.settings[*].throttling_rate_limit)
        stage_burst_limit = one(aws_api_gateway_method_settings.all.settings[*].throttling_burst_limit)
        key_rate_limit    = one(aws_api_gateway_usage_plan.this.throttle_settings[*].rate_limit)
        key_burst_limit   = one(aws_api_gateway_usage_plan.this.throttle_settings[*].burst_limit)
        quota_limit       = one(aws_api_gateway_usage_plan.this.quota_settings[*].limit)
        api_key_required  = aws_api_gateway_method.classify_post.api_key_required && aws_api_gateway_method.health_get.api_key_required
        access_logs_on    = length(aws_api_gateway_stage.this.access_log_settings) == 1
      }
    }
  }
}

output "integration_uris" {
  description = "Lambda integration URI of each route."
  value = {
    "POST /classify" = aws_api_gateway_integration.classify.uri
    "GET /health"    = aws_api_gateway_integration.health.uri
  }
}
