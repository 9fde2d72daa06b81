output "ecr_repository_url" {
  description = "URL of the trainer image repository (docker push target)."
  value       = aws_ecr_repository.trainer.repository_url
}

output "ecr_repository_name" {
  description = "Name of the trainer image repository."
  value       = aws_ecr_repository.trainer.name
}

output "job_queue_name" {
  description = "Batch job queue for training jobs."
  value       = aws_batch_job_queue.training.name
}

output "job_queue_arn" {
  description = "ARN of the training job queue."
  value       = aws_batch_job_queue.training.arn
}

output "job_definition_name" {
  description = "Batch job definition of the trainer, or null while no image_tag is set."
  value       = one(aws_batch_job_definition.train[*].name)
}

output "job_definition_arn" {
  description = "ARN (with revision) of the trainer job definition, or null while no image_tag is set."
  value       = one(aws_batch_job_definition.train[*].arn)
}

output "compute_environment_name" {
  description = "Name of the GPU compute environment."
  value       = aws_batch_compute_environment.gpu.compute_environment_name
}

output "job_role_arn" {
  description = "Role assumed by training containers."
  value       = aws_iam_role.job.arn
}

output "log_group_name" {
  description = "CloudWatch log group of training jobs."
  value       = aws_cloudwatch_log_group.jobs.name
}

output "job_role_statements" {
  description = "IAM statements of the training job role, as plain values."
  value       = local.job_role_statements
}

output "security_facts" {
  description = "What the guardrails module checks about this module's resources (see modules/guardrails)."
  value = {
    iam_policies = {
      (aws_iam_role.job.name)      = local.job_role_statements
      (aws_iam_role.instance.name) = local.instance_role_statements
    }
    buckets               = {}
    queues                = {}
    log_groups            = { (local.log_group_name) = aws_cloudwatch_log_group.jobs.retention_in_days }
    event_source_mappings = {}
    api_stages            = {}
  }
}
