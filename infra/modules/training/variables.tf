variable "name_prefix" {
  description = "Prefix of every resource name (e.g. triage-dev)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-32 lower-case letters, digits or '-', starting and ending with a letter or digit."
  }
}

variable "model_bucket_name" {
  description = "Model-store bucket: training reads data/ and recipes/ from it, writes bundles under staging/ and checkpoints under training/."
  type        = string
}

variable "model_bucket_kms_key_arn" {
  description = "KMS key of the model-store bucket, if it uses SSE-KMS (the job then needs kms:Decrypt and kms:GenerateDataKey on it). null for SSE-S3."
  type        = string
  default     = null
}

variable "data_prefix" {
  description = "Key prefix of training data that jobs may read."
  type        = string
  default     = "data/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*/$", var.data_prefix))
    error_message = "data_prefix must be a folder name ending with '/'."
  }
}

variable "recipes_prefix" {
  description = "Key prefix of training recipes that jobs may read (infra/bin/train uploads local recipes here)."
  type        = string
  default     = "recipes/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*/$", var.recipes_prefix))
    error_message = "recipes_prefix must be a folder name ending with '/'."
  }
}

variable "staging_prefix" {
  description = "Key prefix under which jobs write the bundles they train (staging/<name>/<version>/). Published bundles (models/) are written only by infra/bin/publish-model, which promotes a staged bundle."
  type        = string
  default     = "staging/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*/$", var.staging_prefix)) && var.staging_prefix != "models/"
    error_message = "staging_prefix must be a folder name ending with '/', other than models/ (the job must not write published bundles)."
  }
}

variable "training_prefix" {
  description = "Key prefix under which fine-tuning jobs keep checkpoints, best weights and metrics.jsonl (training/<name>/<version>/), read back to resume after a Spot interruption."
  type        = string
  default     = "training/"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]*/$", var.training_prefix))
    error_message = "training_prefix must be a folder name ending with '/'."
  }
}

variable "image_tag" {
  description = "Tag of the trainer image in this module's ECR repository that the job definition runs (pushed by infra/bin/build --trainer-only --push). null until a first image is pushed: no job definition is registered then."
  type        = string
  default     = null

  validation {
    condition     = var.image_tag == null || try(can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest", false)
    error_message = "image_tag must be a Docker tag (letters, digits, '_', '.', '-') other than \"latest\": tags are immutable in this repository, so a moving tag cannot be used."
  }
}

variable "instance_types" {
  description = "GPU instance types the compute environment may launch."
  type        = list(string)
  default     = ["g5.xlarge", "g6.xlarge"]

  validation {
    condition     = length(var.instance_types) > 0 && alltrue([for t in var.instance_types : can(regex("^(g4dn|g5|g5g|g6|g6e|gr6|p3|p3dn|p4d|p4de|p5|p5e)\\.[a-z0-9]+$", t))])
    error_message = "instance_types must be a non-empty list of GPU instance types (g4dn, g5, g6, g6e, gr6, p3, p4d, p5 families), e.g. g5.xlarge."
  }
}

variable "max_vcpus" {
  description = "Upper bound of vCPUs the compute environment may run at once (caps spend: 16 = four g5.xlarge)."
  type        = number
  default     = 16

  validation {
    condition     = var.max_vcpus >= 4 && var.max_vcpus <= 4096 && floor(var.max_vcpus) == var.max_vcpus
    error_message = "max_vcpus must be a whole number between 4 (one g5.xlarge) and 4096."
  }
}

variable "use_spot" {
  description = "Run on Spot instances (cheaper, may be interrupted: interrupted attempts are retried)."
  type        = bool
  default     = false
}

variable "spot_bid_percentage" {
  description = "Maximum Spot price as a percentage of the On-Demand price (used only when use_spot is true)."
  type        = number
  default     = 100

  validation {
    condition     = var.spot_bid_percentage >= 1 && var.spot_bid_percentage <= 100
    error_message = "spot_bid_percentage must be between 1 and 100."
  }
}

variable "ec2_image_type" {
  description = "Batch ECS AMI type: a GPU variant so the NVIDIA driver and container toolkit are present. AL2023 by default: AWS ends support for the AL2 ECS AMIs."
  type        = string
  default     = "ECS_AL2023_NVIDIA"

  validation {
    condition     = contains(["ECS_AL2_NVIDIA", "ECS_AL2023_NVIDIA"], var.ec2_image_type)
    error_message = "ec2_image_type must be a GPU AMI type: ECS_AL2_NVIDIA or ECS_AL2023_NVIDIA."
  }
}

variable "subnet_ids" {
  description = "Subnets for the GPU instances (need outbound access to ECR and S3: a NAT gateway or VPC endpoints, or public subnets). Empty uses the default VPC's subnets."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "subnet_ids must be subnet ids (subnet-...)."
  }
}

variable "security_group_ids" {
  description = "Security groups for the GPU instances. Empty creates one with no inbound rule and all outbound traffic allowed, in the VPC of the subnets."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "security_group_ids must be security group ids (sg-...)."
  }
}

variable "job_vcpus" {
  description = "vCPUs reserved per training job."
  type        = number
  default     = 4

  validation {
    condition     = var.job_vcpus >= 1 && floor(var.job_vcpus) == var.job_vcpus
    error_message = "job_vcpus must be a whole number of at least 1."
  }
}

variable "job_memory_mib" {
  description = "Memory (MiB) reserved per training job. The default was set from the spam recipe's 6.0 GB peak on CPU (2026-11-30) with a third more for the CUDA runtime's host memory, which was not measured (no GPU there); both documented recipes now peak below 4 GB on CPU (emotion 3.86 GB, spam 3.64 GB, 2026-12-01, docs/training.md). Kept: a g5.xlarge runs one job on its one GPU, so a smaller reservation packs no more jobs. Leave headroom below the instance's memory for the ECS agent (g5.xlarge has 16 GiB)."
  type        = number
  default     = 8192

  validation {
    condition     = var.job_memory_mib >= 1024 && floor(var.job_memory_mib) == var.job_memory_mib
    error_message = "job_memory_mib must be a whole number of at least 1024."
  }
}

variable "job_gpus" {
  description = "GPUs per training job."
  type        = number
  default     = 1

  validation {
    condition     = var.job_gpus >= 1 && var.job_gpus <= 8 && floor(var.job_gpus) == var.job_gpus
    error_message = "job_gpus must be a whole number between 1 and 8."
  }
}

variable "job_timeout_seconds" {
  description = "Wall-clock limit of one job attempt; Batch terminates it afterwards (a runaway GPU job is expensive)."
  type        = number
  default     = 21600 # 6 hours

  validation {
    condition     = var.job_timeout_seconds >= 60
    error_message = "job_timeout_seconds must be at least 60 (a Batch limit)."
  }
}

variable "retry_attempts" {
  description = "Attempts per job. Only attempts that failed because the host went away (Spot interruption) are retried; a failing trainer is not."
  type        = number
  default     = 3

  validation {
    condition     = var.retry_attempts >= 1 && var.retry_attempts <= 10 && floor(var.retry_attempts) == var.retry_attempts
    error_message = "retry_attempts must be a whole number between 1 and 10."
  }
}

variable "log_retention_days" {
  description = "Retention of the training jobs' log group, in days (one of the values CloudWatch accepts)."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "ecr_keep_images" {
  description = "Number of trainer images the ECR lifecycle policy keeps (older ones are expired)."
  type        = number
  default     = 20

  validation {
    condition     = var.ecr_keep_images >= 1 && var.ecr_keep_images <= 1000 && floor(var.ecr_keep_images) == var.ecr_keep_images
    error_message = "ecr_keep_images must be a whole number between 1 and 1000."
  }
}

variable "ecr_force_delete" {
  description = "Allow `terraform destroy` to delete the repository while it still holds images."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource of this module."
  type        = map(string)
  default     = {}
}
