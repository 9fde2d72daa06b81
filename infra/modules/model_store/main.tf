# The model store: one private, versioned, encrypted, TLS-only bucket.
# Layout (by convention, enforced by the IAM policies of its readers/writers):
#   models/<name>/<version>/    published model bundles, write-once (publish-model only)
#   staging/<name>/<version>/   bundles a training job wrote, before publish-model promotes them
#   data/                       training data (read by training)
#   recipes/                    training recipes (read by training)
#   training/<name>/<version>/  fine-tuning checkpoints (written, read back and pruned by training)

locals {
  sse_algorithm = var.kms_key_arn == null ? "AES256" : "aws:kms"
  models_prefix = "models/"

  # Kept as a local (not an aws_iam_policy_document data source) so the statements
  # are plain values: the tests and the guardrails module can inspect them offline.
  bucket_policy_statements = [
    {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      # A Deny on every S3 action is intended: plain-HTTP requests must fail
      # whatever they try to do. Wildcards are banned only in Allow statements.
      Action    = ["s3:*"]
      Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    },
    {
      # Published versions are write-once, for everyone: an upload under
      # models/ must carry If-None-Match: * (S3 conditional writes), which S3
      # refuses with 412 when the key exists. Multipart uploads cannot carry
      # the header at creation, so they are refused here too (publish-model
      # uses single PutObject requests, up to 5 GB each).
      Sid       = "PublishedModelsAreWriteOnce"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:PutObject"]
      Resource  = ["${aws_s3_bucket.this.arn}/${local.models_prefix}*"]
      Condition = { Null = { "s3:if-none-match" = "true" } }
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

# ACLs disabled: access is decided by IAM and the bucket policy only.
resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

# Versioning keeps the previous bytes of a bundle if someone forces an overwrite.
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
      sse_algorithm     = local.sse_algorithm
      kms_master_key_id = var.kms_key_arn
    }
    # Bucket keys cut KMS request costs when a KMS key is used; ignored for AES256.
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }
    # Large model uploads are multipart; a failed upload must not leave parts billed forever.
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
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

  # A bucket policy is rejected while "block public policy" is being set up; ordering avoids a race.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
