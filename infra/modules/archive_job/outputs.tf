output "state_machine_arn" {
  description = "ARN of the archive state machine (infra/bin/classify-archive starts executions of it)."
  value       = aws_sfn_state_machine.this.arn
}

output "state_machine_name" {
  description = "Name of the archive state machine."
  value       = aws_sfn_state_machine.this.name
}

output "definition" {
  description = "The state machine's definition (Amazon States Language), as a value."
  value       = local.definition
}

output "role_arn" {
  description = "ARN of the state machine's role."
  value       = aws_iam_role.this.arn
}

output "policy_statements" {
  description = "The IAM statements of the state machine's role, as plain values."
  value       = local.state_machine_statements
}

output "function_policy_statements" {
  description = "The statements classifyArchive's role needs for this job's buckets (modules/lambda_function additional_policy_statements)."
  value       = local.function_policy_statements
}

output "log_group_name" {
  description = "CloudWatch log group of the executions."
  value       = aws_cloudwatch_log_group.this.name
}

output "archive_bucket" {
  description = "Bucket the job may classify, and the key prefix every job's prefix must lie under."
  value       = { bucket = var.archive_bucket, prefix = var.archive_prefix }
}

output "results" {
  description = "Where results go: classifyArchive's JSON Lines under s3://<bucket>/<prefix><execution name>/, the map runs' ResultWriter files under s3://<bucket>/<map_run_prefix>/<map run id>/."
  value       = { bucket = var.results_bucket, prefix = var.results_prefix, map_run_prefix = local.map_run_results_prefix }
}

output "batching" {
  description = "How items are batched and run: what infra/bin/classify-archive's cost estimate reads."
  value = {
    max_items_per_batch          = var.max_items_per_batch
    max_input_bytes_per_batch    = var.max_input_bytes_per_batch
    max_concurrency              = var.max_concurrency
    tolerated_failure_percentage = var.tolerated_failure_percentage
  }
}

output "security_facts" {
  description = "What the guardrails module checks about this module's resources (see modules/guardrails)."
  value = {
    iam_policies          = { (aws_iam_role.this.name) = local.state_machine_statements }
    buckets               = {}
    queues                = {}
    log_groups            = { (local.log_group_name) = aws_cloudwatch_log_group.this.retention_in_days }
    event_source_mappings = {}
    api_stages            = {}
  }
}
