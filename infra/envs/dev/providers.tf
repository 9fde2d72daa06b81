provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "triage"
      environment = "dev"
      managed-by  = "terraform"
    }
  }
}

# State: local by default so that a first `terraform apply` works without a
# pre-existing bucket. For a shared environment, add an S3 backend, e.g.
#   terraform { backend "s3" {} }
# and pass -backend-config=... to `terraform init` (infra/bin/deploy forwards
# TRIAGE_TF_INIT_ARGS for that).
