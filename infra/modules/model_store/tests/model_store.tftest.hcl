# modules/model_store: private, versioned, encrypted, TLS-only bucket.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  bucket_name = "triage-test-models-123456789012"
}

run "private_versioned_encrypted_tls_only" {
  command = apply

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls
      && aws_s3_bucket_public_access_block.this.block_public_policy
      && aws_s3_bucket_public_access_block.this.ignore_public_acls
      && aws_s3_bucket_public_access_block.this.restrict_public_buckets
    )
    error_message = "All four public access block settings must be true."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be on: a forced overwrite of a bundle must be recoverable."
  }

  assert {
    condition     = output.security_facts.buckets[var.bucket_name].sse_algorithm == "AES256"
    error_message = "Default encryption must be SSE-S3 when no KMS key is given."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.tls_only.policy).Statement : try(
        s.Effect == "Deny" && s.Principal == "*" && s.Condition.Bool["aws:SecureTransport"] == "false"
        && toset(s.Resource) == toset([aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]),
        false
      )
    ])
    error_message = "The bucket policy must deny non-TLS requests on the bucket and its objects."
  }

  # Published versions are write-once: S3 refuses an upload under models/
  # without If-None-Match: *, whoever sends it.
  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.tls_only.policy).Statement : try(
        s.Effect == "Deny" && s.Principal == "*" && s.Action == ["s3:PutObject"]
        && s.Resource == ["${aws_s3_bucket.this.arn}/models/*"]
        && s.Condition == { Null = { "s3:if-none-match" = "true" } },
        false
      )
    ])
    error_message = "The bucket policy must refuse uploads under models/ that do not carry If-None-Match: *."
  }

  assert {
    condition     = one(aws_s3_bucket_ownership_controls.this.rule[*].object_ownership) == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled."
  }

  assert {
    condition     = aws_s3_bucket.this.force_destroy == false
    error_message = "The model store must not be destroyable with its content by default."
  }
}

# The module's facts satisfy the environment's security rules.
run "guardrails_accept_the_model_store" {
  command = plan
  module {
    source = "../guardrails"
  }
  variables {
    buckets = run.private_versioned_encrypted_tls_only.security_facts.buckets
  }
  assert {
    condition     = output.checked.buckets == 1 && length(output.violations.buckets_tls_only) == 0 && length(output.violations.buckets_block_public_access) == 0 && length(output.violations.buckets_encrypted) == 0
    error_message = "The model store must pass the bucket rules."
  }
}

run "kms_encryption" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition = alltrue([
      for rule in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      rule.apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
      && rule.apply_server_side_encryption_by_default[0].kms_master_key_id == var.kms_key_arn
      && rule.bucket_key_enabled
    ])
    error_message = "A KMS key must switch default encryption to aws:kms with a bucket key."
  }
}

run "invalid_bucket_name_refused" {
  command = plan
  variables {
    bucket_name = "Triage_Models"
  }
  expect_failures = [var.bucket_name]
}

run "invalid_kms_key_refused" {
  command = plan
  variables {
    kms_key_arn = "alias/triage"
  }
  expect_failures = [var.kms_key_arn]
}
