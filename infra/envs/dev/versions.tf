terraform {
  # 1.9: the validation of email_model_uri refers to classify_model_uri.
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
