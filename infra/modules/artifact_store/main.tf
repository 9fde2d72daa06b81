# Deployable artifacts: a private, versioned, encrypted, TLS-only bucket, and
# one object per artifact.
#
# Lambda accepts at most 50 MB of zip in a direct upload (CreateFunction /
# UpdateFunctionCode with ZipFile); the function zip is about 213 MB, so it goes
# through S3 (docs/aws-limits.md). The object carries the file's sha256, so a
# new build is a new object version, and the functions name that version.

locals {
  # The sha256 Lambda reports as CodeSha256 (base64); null when the file is missing (the precondition explains).
  sha256 = { for name, artifact in var.artifacts : name => fileexists(artifact.path) ? filebase64sha256(artifact.path) : null }

  bucket_policy_statements = [
    {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      # Deny on every action is intended: plain HTTP must fail whatever it tries.
      Action    = ["s3:*"]
      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    },
  ]
}

resource "aws_s3_bucket" "this" {
  bucket        = var.bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Versions: each build of an artifact is one; the functions name the version they run.
resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-old-builds"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
    # A 213 MB upload is multipart: a failed one must not leave parts billed forever.
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_policy" "tls_only" {
  bucket = aws_s3_bucket.this.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.bucket_policy_statements
  })
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_object" "artifact" {
  for_each = var.artifacts

  bucket = aws_s3_bucket.this.id
  key    = "${each.key}/${basename(each.value.path)}"
  source = each.value.path
  # The content hash: a changed file is uploaded again (the etag of a multipart upload is no MD5).
  source_hash = local.sha256[each.key]
  tags        = var.tags

  lifecycle {
    precondition {
      condition     = fileexists(each.value.path)
      error_message = "The artifact ${each.value.path} does not exist: build it first (infra/bin/build), or pass its path (-var function_zip=<path>)."
    }
  }

  # The versioned bucket must exist before the first upload, or the first version has no id.
  depends_on = [aws_s3_bucket_versioning.this]
}
