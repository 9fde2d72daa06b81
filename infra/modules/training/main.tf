# GPU training on AWS Batch (managed EC2 compute environment, scales to zero).
# See README.md for why Batch rather than ECS/SageMaker.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

# Default VPC fallback, read only when no subnets are given.
data "aws_vpc" "default" {
  count   = length(var.subnet_ids) == 0 ? 1 : 0
  default = true
}

data "aws_subnets" "default" {
  count = length(var.subnet_ids) == 0 ? 1 : 0
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default[0].id]
  }
  filter {
    name   = "default-for-az"
    values = ["true"]
  }
}

# The VPC of the given subnets, needed only to create a security group in it.
data "aws_subnet" "first" {
  count = length(var.subnet_ids) > 0 && length(var.security_group_ids) == 0 ? 1 : 0
  id    = var.subnet_ids[0]
}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id
  bucket_arn = "arn:${local.partition}:s3:::${var.model_bucket_name}"

  subnet_ids = length(var.subnet_ids) > 0 ? var.subnet_ids : data.aws_subnets.default[0].ids
  vpc_id = length(var.security_group_ids) > 0 ? null : (
    length(var.subnet_ids) > 0 ? data.aws_subnet.first[0].vpc_id : data.aws_vpc.default[0].id
  )
  security_group_ids = length(var.security_group_ids) > 0 ? var.security_group_ids : [aws_security_group.batch[0].id]

  compute_environment_name = "${var.name_prefix}-gpu"
  job_queue_name           = "${var.name_prefix}-training"
  job_definition_name      = "${var.name_prefix}-train"
  log_group_name           = "/aws/batch/${var.name_prefix}-train"

  # The training container's role: read data and recipes, write the bundle to
  # the staging prefix, keep (and read back, and prune) checkpoints. Nothing else:
  # it cannot write a published model (models/); infra/bin/publish-model
  # promotes a staged bundle after checking it, write-once.
  job_role_statements = concat(
    [
      {
        Sid      = "ReadTrainingDataAndRecipes"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${local.bucket_arn}/${var.data_prefix}*", "${local.bucket_arn}/${var.recipes_prefix}*"]
      },
      {
        # Listing lets the trainer read a data set given as a prefix, check
        # that a staged bundle version does not exist before writing it, and
        # find the newest checkpoint to resume from.
        Sid       = "ListTrainingPrefixes"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = [local.bucket_arn]
        Condition = { StringLike = { "s3:prefix" = ["${var.data_prefix}*", "${var.recipes_prefix}*", "${var.staging_prefix}*", "${var.training_prefix}*"] } }
      },
      {
        # One PutObject per file (the trainer's S3Storage; up to 5 GB each), so
        # no multipart grants: the IAM contract shows none is used.
        Sid      = "WriteStagedBundles"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["${local.bucket_arn}/${var.staging_prefix}*"]
      },
      {
        # Fine-tuning checkpoints (--training-dir): uploaded as they are made,
        # read back by --auto-resume on a retried attempt, and older checkpoint
        # folders deleted as newer ones are made.
        Sid      = "KeepTrainingCheckpoints"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = ["${local.bucket_arn}/${var.training_prefix}*"]
      },
    ],
    var.model_bucket_kms_key_arn == null ? [] : [
      {
        Sid      = "UseModelBucketKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.model_bucket_kms_key_arn]
      },
    ],
  )

  # The GPU instances' role, used by the ECS agent that Batch runs on them.
  # Written out instead of attaching AmazonEC2ContainerServiceforEC2Role
  # because that managed policy grants wildcard actions (ecs:Submit*) and
  # cluster creation that Batch instances do not need.
  ecs_cluster_arn = aws_batch_compute_environment.gpu.ecs_cluster_arn
  instance_role_statements = [
    {
      # Registration and state reporting of this compute environment's ECS cluster.
      Sid    = "JoinBatchEcsCluster"
      Effect = "Allow"
      Action = [
        "ecs:RegisterContainerInstance",
        "ecs:DeregisterContainerInstance",
        "ecs:UpdateContainerInstancesState",
        "ecs:SubmitContainerStateChange",
        "ecs:SubmitTaskStateChange",
        "ecs:SubmitAttachmentStateChanges",
      ]
      Resource = [local.ecs_cluster_arn]
    },
    {
      Sid       = "PollForTasks"
      Effect    = "Allow"
      Action    = ["ecs:Poll", "ecs:StartTelemetrySession"]
      Resource  = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:container-instance/*"]
      Condition = { ArnEquals = { "ecs:cluster" = local.ecs_cluster_arn } }
    },
    {
      # These two calls have no resource-level permissions.
      Sid      = "DiscoverEcsEndpointAndEcrLogin"
      Effect   = "Allow"
      Action   = ["ecs:DiscoverPollEndpoint", "ecr:GetAuthorizationToken"]
      Resource = ["*"]
    },
    {
      Sid      = "PullTrainerImage"
      Effect   = "Allow"
      Action   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
      Resource = [aws_ecr_repository.trainer.arn]
    },
    {
      # The awslogs driver runs on the instance and writes the job's output.
      Sid      = "WriteJobLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = ["${aws_cloudwatch_log_group.jobs.arn}:*"]
    },
  ]
}

# ---------------------------------------------------------------- image registry

resource "aws_ecr_repository" "trainer" {
  name = "${var.name_prefix}-trainer"
  # Immutable tags: a job definition that names a tag always runs the same bytes.
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.ecr_force_delete

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "trainer" {
  repository = aws_ecr_repository.trainer.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Remove untagged layers left by interrupted pushes after a day"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 1 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the ${var.ecr_keep_images} most recent trainer images"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.ecr_keep_images }
        action       = { type = "expire" }
      },
    ]
  })
}

# ---------------------------------------------------------------- logs

resource "aws_cloudwatch_log_group" "jobs" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# ---------------------------------------------------------------- roles

resource "aws_iam_role" "job" {
  name = "${var.name_prefix}-training-job"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "job" {
  name = "${var.name_prefix}-training-job"
  role = aws_iam_role.job.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.job_role_statements
  })
}

resource "aws_iam_role" "instance" {
  name = "${var.name_prefix}-training-instance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "instance" {
  name = "${var.name_prefix}-training-instance"
  role = aws_iam_role.instance.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.instance_role_statements
  })
}

resource "aws_iam_instance_profile" "instance" {
  name = "${var.name_prefix}-training-instance"
  role = aws_iam_role.instance.name
  tags = var.tags
}

# ---------------------------------------------------------------- network

resource "aws_security_group" "batch" {
  count = length(var.security_group_ids) == 0 ? 1 : 0
  # name_prefix: the group is replaced together with the compute environment (create before destroy).
  name_prefix = "${var.name_prefix}-training-"
  description = "Triage training instances: no inbound, outbound to ECR/S3/CloudWatch"
  vpc_id      = local.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "batch_all_outbound" {
  count             = length(var.security_group_ids) == 0 ? 1 : 0
  security_group_id = aws_security_group.batch[0].id
  description       = "Image pulls, S3 data and bundles, logs (HTTPS to AWS endpoints)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# ---------------------------------------------------------------- batch

resource "aws_batch_compute_environment" "gpu" {
  # A prefix, not a fixed name: changing instance types or the network replaces
  # the environment, and the job queue can only move to a new one that exists
  # already (create_before_destroy below).
  compute_environment_name_prefix = "${local.compute_environment_name}-"
  type                            = "MANAGED"
  # No service_role: Batch then uses its service-linked role (AWSServiceRoleForBatch).

  compute_resources {
    type                = var.use_spot ? "SPOT" : "EC2"
    allocation_strategy = var.use_spot ? "SPOT_PRICE_CAPACITY_OPTIMIZED" : "BEST_FIT_PROGRESSIVE"
    bid_percentage      = var.use_spot ? var.spot_bid_percentage : null
    instance_type       = var.instance_types
    # Scale to zero: GPU instances exist only while jobs run.
    min_vcpus          = 0
    max_vcpus          = var.max_vcpus
    subnets            = local.subnet_ids
    security_group_ids = local.security_group_ids
    instance_role      = aws_iam_instance_profile.instance.arn

    ec2_configuration {
      image_type = var.ec2_image_type
    }

    tags = var.tags
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_batch_job_queue" "training" {
  name     = local.job_queue_name
  state    = "ENABLED"
  priority = 1

  compute_environment_order {
    order               = 1
    compute_environment = aws_batch_compute_environment.gpu.arn
  }

  tags = var.tags
}

resource "aws_batch_job_definition" "train" {
  # Registered once an image has been pushed (image_tag set).
  count                 = var.image_tag == null ? 0 : 1
  name                  = local.job_definition_name
  type                  = "container"
  platform_capabilities = ["EC2"]
  propagate_tags        = true

  container_properties = jsonencode({
    image = "${aws_ecr_repository.trainer.repository_url}:${var.image_tag}"
    # Ref:: placeholders are filled from `aws batch submit-job --parameters
    # {"recipe": ..., "out": ..., "training": ...}` (infra/bin/train). No defaults
    # on purpose: a job submitted without them fails fast. Checkpoints go to the
    # training prefix as they are made; --auto-resume continues from the newest
    # one when it exists (a Spot-interrupted attempt that Batch retries) and
    # starts fresh otherwise.
    command    = ["train", "--recipe", "Ref::recipe", "--out", "Ref::out", "--training-dir", "Ref::training", "--auto-resume"]
    jobRoleArn = aws_iam_role.job.arn
    resourceRequirements = [
      { type = "GPU", value = tostring(var.job_gpus) },
      { type = "VCPU", value = tostring(var.job_vcpus) },
      { type = "MEMORY", value = tostring(var.job_memory_mib) },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = aws_cloudwatch_log_group.jobs.name
        "awslogs-region"        = local.region
        "awslogs-stream-prefix" = "train"
      }
    }
    environment = [
      { name = "AWS_REGION", value = local.region },
    ]
  })

  retry_strategy {
    attempts = var.retry_attempts
    # Retry only when the host went away (Spot reclaim, instance failure); a
    # trainer that exits non-zero fails the job at once.
    evaluate_on_exit {
      on_status_reason = "Host EC2*"
      action           = "RETRY"
    }
    evaluate_on_exit {
      on_reason = "*"
      action    = "EXIT"
    }
  }

  timeout {
    attempt_duration_seconds = var.job_timeout_seconds
  }

  tags = var.tags
}
