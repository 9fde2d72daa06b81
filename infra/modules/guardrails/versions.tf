terraform {
  # terraform_data is built in (>= 1.4); no provider is needed for the rules,
  # but the AWS constraint is kept so every module states the same contract.
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
