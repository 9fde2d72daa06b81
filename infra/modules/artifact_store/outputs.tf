output "bucket_name" {
  description = "Name of the artifact bucket."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the artifact bucket."
  value       = aws_s3_bucket.this.arn
}

output "objects" {
  description = "Each uploaded artifact: where it is (bucket, key, version id) and its sha256 as Lambda reports it (base64). What modules/lambda_function takes as code."
  value = { for name, object in aws_s3_object.artifact : name => {
    s3_bucket         = object.bucket
    s3_key            = object.key
    s3_object_version = object.version_id
    sha256            = local.sha256[name]
  } }
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
