# modules/artifact_store: the function zip goes to a private, versioned bucket,
# named by its content hash, never to Lambda directly.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  bucket_name = "triage-test-artifacts-123456789012"
  artifacts   = { function-jvm = { path = "../../tests/fixtures/function.zip" } }
}

run "uploads_each_artifact_with_its_content_hash" {
  command = apply

  override_resource {
    target = aws_s3_object.artifact["function-jvm"]
    values = { version_id = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY" }
  }

  assert {
    condition     = aws_s3_object.artifact["function-jvm"].key == "function-jvm/function.zip" && aws_s3_object.artifact["function-jvm"].source == "../../tests/fixtures/function.zip"
    error_message = "The artifact must be uploaded as <name>/<file name>."
  }

  assert {
    condition     = aws_s3_object.artifact["function-jvm"].source_hash == filebase64sha256("../../tests/fixtures/function.zip")
    error_message = "The object must carry the file's sha256, so that a new build is uploaded again."
  }

  assert {
    condition = output.objects["function-jvm"] == {
      s3_bucket         = aws_s3_object.artifact["function-jvm"].bucket
      s3_key            = "function-jvm/function.zip"
      s3_object_version = "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"
      sha256            = filebase64sha256("../../tests/fixtures/function.zip")
    }
    error_message = "The output must name the bucket, key and version a function is created from: ${jsonencode(output.objects)}."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "The bucket must be versioned: each build is a version."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.this.block_public_acls && aws_s3_bucket_public_access_block.this.restrict_public_buckets
      && one(aws_s3_bucket_server_side_encryption_configuration.this.rule[*].apply_server_side_encryption_by_default[0].sse_algorithm) == "AES256"
      && jsondecode(aws_s3_bucket_policy.tls_only.policy).Statement[0].Condition == { Bool = { "aws:SecureTransport" = "false" } }
    )
    error_message = "The bucket must be private, encrypted and TLS-only."
  }
}

run "missing_artifact_refused" {
  command = plan
  variables {
    artifacts = { function-jvm = { path = "../../tests/fixtures/does-not-exist.zip" } }
  }
  expect_failures = [aws_s3_object.artifact]
}

run "artifact_name_validated" {
  command = plan
  variables {
    artifacts = { "Function JVM" = { path = "../../tests/fixtures/function.zip" } }
  }
  expect_failures = [var.artifacts]
}
