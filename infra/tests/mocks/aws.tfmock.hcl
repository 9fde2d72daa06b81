# Shared defaults for the mocked AWS provider of every *.tftest.hcl file
# (mock_provider "aws" { source = ".../infra/tests/mocks" }).
#
# The provider still validates configuration when mocked, and some arguments
# must be well-formed ARNs: the random strings a mock generates by default are
# not, so the attributes that feed such arguments get ARN-shaped defaults here.
# Account and region match the ones every test uses.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/ci"
    user_id    = "AIDAEXAMPLEEXAMPLE"
  }
}

mock_data "aws_region" {
  defaults = {
    name = "eu-west-1"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_vpc" {
  defaults = {
    id = "vpc-0123456789abcdef0"
  }
}

mock_data "aws_subnets" {
  defaults = {
    ids = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
  }
}

mock_data "aws_subnet" {
  defaults = {
    vpc_id = "vpc-0fedcba9876543210"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::123456789012:role/mocked-role"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/mocked-profile"
  }
}

mock_resource "aws_api_gateway_rest_api" {
  defaults = {
    execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:mockapi01"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mocked"
  }
}

mock_resource "aws_batch_compute_environment" {
  defaults = {
    arn             = "arn:aws:batch:eu-west-1:123456789012:compute-environment/mocked"
    ecs_cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/AWSBatch-mocked"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:mocked-topic"
  }
}
