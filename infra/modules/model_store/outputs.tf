output "bucket_name" {
  description = "Name of the model-store bucket."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the model-store bucket."
  value       = aws_s3_bucket.this.arn
}

output "kms_key_arn" {
  description = "KMS key of the bucket's default encryption, or null for SSE-S3."
  value       = var.kms_key_arn
}

output "models_prefix" {
  description = "Key prefix under which published bundles live, write-once: models/<name>/<version>/."
  value       = local.models_prefix
}

output "staging_prefix" {
  description = "Key prefix under which training jobs write bundles for publish-model to promote: staging/<name>/<version>/."
  value       = "staging/"
}

output "data_prefix" {
  description = "Key prefix of training data."
  value       = "data/"
}

output "recipes_prefix" {
  description = "Key prefix of training recipes."
  value       = "recipes/"
}

output "training_prefix" {
  description = "Key prefix of fine-tuning checkpoints: training/<name>/<version>/."
  value       = "training/"
}

output "security_facts" {
  description = "What the guardrails module checks about this module's resources (see modules/guardrails)."
  value = {
    iam_policies = {}
    buckets = {
      (var.bucket_name) = {
        block_public_acls       = aws_s3_bucket_public_access_block.this.block_public_acls
        block_public_policy     = aws_s3_bucket_public_access_block.this.block_public_policy
        ignore_public_acls      = aws_s3_bucket_public_access_block.this.ignore_public_acls
        restrict_public_buckets = aws_s3_bucket_public_access_block.this.restrict_public_buckets
        sse_algorithm           = one(flatten([for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule : rule.apply_server_side_encryption_by_default[*].sse_algorithm]))
        policy                  = aws_s3_bucket_policy.tls_only.policy
      }
    }
    queues                = {}
    log_groups            = {}
    event_source_mappings = {}
    api_stages            = {}
  }
}
