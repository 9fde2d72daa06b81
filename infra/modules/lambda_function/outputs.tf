output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the function."
  value       = aws_lambda_function.this.arn
}

output "invoke_target_arn" {
  description = "ARN that callers (event source mappings) should invoke: the alias \"live\" when SnapStart is on (snapshots only exist for published versions), the function otherwise."
  value       = var.snapstart_enabled ? aws_lambda_alias.live[0].arn : aws_lambda_function.this.arn
}

output "invoke_arn" {
  description = "API Gateway integration URI (alias-qualified when SnapStart is on)."
  value       = var.snapstart_enabled ? aws_lambda_alias.live[0].invoke_arn : aws_lambda_function.this.invoke_arn
}

output "qualifier" {
  description = "Alias name to use in lambda permissions, or null when the unqualified function is invoked."
  value       = var.snapstart_enabled ? aws_lambda_alias.live[0].name : null
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.this.name
}

output "timeout" {
  description = "Function timeout in seconds (queues consuming into it size their visibility timeout from it)."
  value       = aws_lambda_function.this.timeout
}

output "policy_statements" {
  description = "The IAM statements of the execution role, as plain values (what aws_iam_role_policy.this renders)."
  value       = local.policy_statements
}

output "security_facts" {
  description = "What the guardrails module checks about this module's resources (see modules/guardrails)."
  value = {
    iam_policies          = { (aws_iam_role.this.name) = local.policy_statements }
    buckets               = {}
    queues                = {}
    log_groups            = { (local.log_group_name) = aws_cloudwatch_log_group.this.retention_in_days }
    event_source_mappings = {}
    api_stages            = {}
  }
}

output "code" {
  description = "Where the function's code came from, as the function resource has it: never a local file (filename is null), always an S3 object version."
  value = {
    filename          = aws_lambda_function.this.filename
    s3_bucket         = aws_lambda_function.this.s3_bucket
    s3_key            = aws_lambda_function.this.s3_key
    s3_object_version = aws_lambda_function.this.s3_object_version
  }
}

output "reserved_concurrency" {
  description = "Reserved concurrent executions, or null when unreserved."
  value       = coalesce(var.reserved_concurrency, -1) == -1 ? null : var.reserved_concurrency
}

output "snapstart_enabled" {
  description = "Whether versions are published for SnapStart (infra/bin/deploy prunes old ones)."
  value       = var.snapstart_enabled
}

output "runtime" {
  description = "Lambda runtime chosen from the flavour."
  value       = aws_lambda_function.this.runtime
}

output "handler" {
  description = "Handler chosen from the flavour."
  value       = aws_lambda_function.this.handler
}

output "environment" {
  description = "Environment variables of the function (no secrets are passed this way)."
  value       = one(aws_lambda_function.this.environment[*].variables)
}
