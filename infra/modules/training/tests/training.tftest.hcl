# modules/training: ECR repository, Batch GPU compute environment scaled to
# zero, job queue, job definition, and roles limited to the model store's
# data/, recipes/ (read), staging/ (write) and training/ (checkpoints: read,
# write, delete) prefixes; never models/, which only publish-model writes.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix       = "triage-test"
  model_bucket_name = "triage-test-models-123456789012"
  image_tag         = "0f1e2d3"
}

run "gpu_batch_job" {
  command = apply

  assert {
    condition = (
      aws_ecr_repository.trainer.image_tag_mutability == "IMMUTABLE"
      && aws_ecr_repository.trainer.image_scanning_configuration[0].scan_on_push
    )
    error_message = "The trainer repository must scan on push and keep tags immutable."
  }

  assert {
    condition     = length(jsondecode(aws_ecr_lifecycle_policy.trainer.policy).rules) == 2
    error_message = "The repository must expire untagged and old images."
  }

  assert {
    condition = (
      aws_batch_compute_environment.gpu.type == "MANAGED"
      && aws_batch_compute_environment.gpu.compute_resources[0].min_vcpus == 0
      && aws_batch_compute_environment.gpu.compute_resources[0].max_vcpus == 16
      && aws_batch_compute_environment.gpu.compute_resources[0].type == "EC2"
      && aws_batch_compute_environment.gpu.compute_resources[0].instance_type == toset(["g5.xlarge", "g6.xlarge"])
      && aws_batch_compute_environment.gpu.compute_resources[0].ec2_configuration[0].image_type == "ECS_AL2023_NVIDIA"
      && aws_batch_compute_environment.gpu.compute_resources[0].instance_role == aws_iam_instance_profile.instance.arn
    )
    error_message = "The compute environment must be managed EC2 GPU capacity that scales to zero, on the GPU AMI."
  }

  assert {
    condition     = aws_batch_job_queue.training.compute_environment_order[0].compute_environment == aws_batch_compute_environment.gpu.arn
    error_message = "The job queue must feed the GPU compute environment."
  }

  assert {
    condition     = jsondecode(aws_batch_job_definition.train[0].container_properties).command == ["train", "--recipe", "Ref::recipe", "--out", "Ref::out", "--training-dir", "Ref::training", "--auto-resume"]
    error_message = "The job runs `triage train --recipe <recipe> --out <out> --training-dir <training> --auto-resume` with the three filled from submit-job parameters, so that a retried attempt resumes from its checkpoints."
  }

  assert {
    condition     = contains(jsondecode(aws_batch_job_definition.train[0].container_properties).resourceRequirements, { type = "GPU", value = "1" })
    error_message = "A training job must reserve one GPU."
  }

  assert {
    condition = (
      jsondecode(aws_batch_job_definition.train[0].container_properties).image == "${aws_ecr_repository.trainer.repository_url}:0f1e2d3"
      && jsondecode(aws_batch_job_definition.train[0].container_properties).jobRoleArn == aws_iam_role.job.arn
      && jsondecode(aws_batch_job_definition.train[0].container_properties).logConfiguration.options["awslogs-group"] == aws_cloudwatch_log_group.jobs.name
    )
    error_message = "The job must run the tagged trainer image with the job role, logging to the module's log group."
  }

  assert {
    condition     = aws_batch_job_definition.train[0].timeout[0].attempt_duration_seconds == 21600 && aws_batch_job_definition.train[0].retry_strategy[0].attempts == 3
    error_message = "Jobs must be time-limited and retried (on host loss)."
  }

  # The job role: exactly read data/ and recipes/, list them, staging/ and
  # training/, write staging/, keep checkpoints under training/.
  assert {
    condition = jsondecode(aws_iam_role_policy.job.policy).Statement == [
      {
        Sid      = "ReadTrainingDataAndRecipes"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["arn:aws:s3:::triage-test-models-123456789012/data/*", "arn:aws:s3:::triage-test-models-123456789012/recipes/*"]
      },
      {
        Sid       = "ListTrainingPrefixes"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = ["arn:aws:s3:::triage-test-models-123456789012"]
        Condition = { StringLike = { "s3:prefix" = ["data/*", "recipes/*", "staging/*", "training/*"] } }
      },
      {
        Sid      = "WriteStagedBundles"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["arn:aws:s3:::triage-test-models-123456789012/staging/*"]
      },
      {
        Sid      = "KeepTrainingCheckpoints"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = ["arn:aws:s3:::triage-test-models-123456789012/training/*"]
      },
    ]
    error_message = "Unexpected job role policy: ${aws_iam_role_policy.job.policy}."
  }

  # Checkpoints: one statement touches the training prefix, with exactly these
  # three actions and exactly that resource.
  assert {
    condition = [
      for s in jsondecode(aws_iam_role_policy.job.policy).Statement : [s.Action, s.Resource]
      if anytrue([for r in s.Resource : strcontains(r, "/training/")])
      ] == [[
        ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        ["arn:aws:s3:::triage-test-models-123456789012/training/*"],
    ]]
    error_message = "One statement, and only one, must grant s3:GetObject, PutObject and DeleteObject on <bucket>/training/*."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.job.policy).Statement :
      s.Action == ["s3:ListBucket"] && contains(try(s.Condition.StringLike["s3:prefix"], []), "training/*")
    ])
    error_message = "s3:ListBucket must be allowed under training/ (finding the newest checkpoint to resume from)."
  }

  # Deleting is allowed for checkpoints only: bundles stay immutable.
  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.job.policy).Statement :
      s.Resource == ["arn:aws:s3:::triage-test-models-123456789012/training/*"] if contains(s.Action, "s3:DeleteObject")
    ])
    error_message = "s3:DeleteObject may be granted on the training prefix only."
  }

  assert {
    condition     = jsondecode(aws_iam_role.job.assume_role_policy).Statement[0].Principal.Service == "ecs-tasks.amazonaws.com"
    error_message = "Only ECS tasks (Batch containers) may assume the job role."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.instance.policy).Statement : alltrue([for a in s.Action : !strcontains(a, "*")])])
    error_message = "The instance role must name its actions (unlike AmazonEC2ContainerServiceforEC2Role)."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.instance.policy).Statement : s.Sid == "PullTrainerImage" && s.Resource == [aws_ecr_repository.trainer.arn]
    ])
    error_message = "Instances may pull only the trainer repository."
  }

  # No subnets given: default VPC subnets and a generated HTTPS-egress-only group.
  assert {
    condition = (
      aws_batch_compute_environment.gpu.compute_resources[0].subnets == toset(["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"])
      && aws_security_group.batch[0].vpc_id == "vpc-0123456789abcdef0"
      && aws_batch_compute_environment.gpu.compute_resources[0].security_group_ids == toset([aws_security_group.batch[0].id])
      && aws_vpc_security_group_egress_rule.batch_all_outbound[0].from_port == 443
    )
    error_message = "Without network inputs the default VPC and a generated egress-only security group must be used."
  }
}

run "guardrails_accept_training" {
  command = plan
  module {
    source = "../guardrails"
  }
  variables {
    iam_policies = run.gpu_batch_job.security_facts.iam_policies
    log_groups   = run.gpu_batch_job.security_facts.log_groups
  }
  assert {
    condition     = output.checked.iam_policies == 2 && alltrue([for rule, offenders in output.violations : length(offenders) == 0])
    error_message = "Training must pass the guardrails: ${jsonencode(output.violations)}."
  }
}

run "given_network_and_spot" {
  command = plan
  variables {
    subnet_ids         = ["subnet-0123456789abcdef0"]
    security_group_ids = ["sg-0123456789abcdef0"]
    use_spot           = true
  }
  assert {
    condition     = length(aws_security_group.batch) == 0 && aws_batch_compute_environment.gpu.compute_resources[0].security_group_ids == toset(["sg-0123456789abcdef0"])
    error_message = "Given security groups must be used as they are."
  }
  assert {
    condition     = aws_batch_compute_environment.gpu.compute_resources[0].type == "SPOT" && aws_batch_compute_environment.gpu.compute_resources[0].allocation_strategy == "SPOT_PRICE_CAPACITY_OPTIMIZED"
    error_message = "use_spot must switch to Spot capacity."
  }
}

run "subnets_without_security_groups_use_their_vpc" {
  command = plan
  variables {
    subnet_ids = ["subnet-0123456789abcdef0"]
  }
  assert {
    condition     = aws_security_group.batch[0].vpc_id == "vpc-0fedcba9876543210"
    error_message = "The generated security group must live in the VPC of the given subnets."
  }
}

run "no_image_yet_no_job_definition" {
  command = plan
  variables {
    image_tag = null
  }
  assert {
    condition     = length(aws_batch_job_definition.train) == 0 && output.job_definition_name == null
    error_message = "Without a pushed image no job definition may be registered."
  }
}

run "kms_bucket_adds_key_use" {
  command = plan
  variables {
    model_bucket_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
  assert {
    condition     = anytrue([for s in output.job_role_statements : s.Sid == "UseModelBucketKey" && s.Resource == [var.model_bucket_kms_key_arn]])
    error_message = "A KMS-encrypted bucket needs the job to use its key."
  }
}

run "training_prefix_configurable" {
  command = plan
  variables {
    training_prefix = "checkpoints/"
  }
  assert {
    condition = anytrue([
      for s in output.job_role_statements : s.Sid == "KeepTrainingCheckpoints" && s.Resource == ["arn:aws:s3:::triage-test-models-123456789012/checkpoints/*"]
    ])
    error_message = "The checkpoint statement must follow training_prefix."
  }
  assert {
    condition = anytrue([
      for s in output.job_role_statements : s.Sid == "ListTrainingPrefixes" && try(s.Condition.StringLike["s3:prefix"], null) == ["data/*", "recipes/*", "staging/*", "checkpoints/*"]
    ])
    error_message = "The ListBucket condition must follow training_prefix."
  }
}

run "training_prefix_without_slash_refused" {
  command = plan
  variables {
    training_prefix = "training"
  }
  expect_failures = [var.training_prefix]
}

run "latest_tag_refused" {
  command = plan
  variables {
    image_tag = "latest"
  }
  expect_failures = [var.image_tag]
}

run "cpu_instance_type_refused" {
  command = plan
  variables {
    instance_types = ["m5.xlarge"]
  }
  expect_failures = [var.instance_types]
}

run "too_few_vcpus_refused" {
  command = plan
  variables {
    max_vcpus = 2
  }
  expect_failures = [var.max_vcpus]
}

# Published bundles are write-once and written by publish-model only: the job
# role grants nothing on models/.
run "job_never_writes_published_models" {
  command = plan

  assert {
    condition = alltrue([
      for s in output.job_role_statements : alltrue([for r in s.Resource : !strcontains(r, "/models/")])
    ])
    error_message = "The training job must not be granted anything under models/."
  }
}

run "staging_prefix_must_not_be_models" {
  command = plan
  variables {
    staging_prefix = "models/"
  }
  expect_failures = [var.staging_prefix]
}
