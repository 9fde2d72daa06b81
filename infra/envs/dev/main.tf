data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id

  # Bucket names are global: the account id makes them unique per account.
  model_bucket_name    = "${var.name_prefix}-models-${local.account_id}"
  mail_bucket_name     = "${var.name_prefix}-mail-${local.account_id}"
  artifact_bucket_name = "${var.name_prefix}-artifacts-${local.account_id}"

  function_zip      = var.function_zip != null ? var.function_zip : "${path.root}/../../../src/function/target/function.zip"
  function_artifact = "function-${var.function_flavour}"

  # /tmp holds the downloaded bundle; SnapStart caps it at 512 MB.
  ephemeral_storage_mb = var.snapstart_enabled ? 512 : 1024

  # The queue's pollers never start more classifyEmail invocations than it may
  # run (see the validation of email_queue): its reservation, unless set lower.
  email_maximum_concurrency = coalesce(var.email_queue.maximum_concurrency, var.functions.classify_email.reserved_concurrency)

  # The archive job classifies the mail bucket's incoming/ unless told otherwise.
  archive_bucket         = coalesce(var.archive.bucket, local.mail_bucket_name)
  archive_prefix         = var.archive.prefix != null ? var.archive.prefix : (var.archive.bucket == null ? "incoming/" : "")
  archive_results_bucket = coalesce(var.archive.results_bucket, "${var.name_prefix}-archive-results-${local.account_id}")
  # classifyArchive may load any published bundle of the e-mail model's store:
  # infra/bin/classify-archive picks one per job.
  archive_model_read_prefix = try("s3://${regex("^s3://([^/]+)/", var.email_model_uri)[0]}/models/", null)
}

# The function zip (about 213 MB) goes to Lambda through S3: a direct upload
# takes at most 50 MB (docs/aws-limits.md).
module "artifact_store" {
  source        = "../../modules/artifact_store"
  bucket_name   = local.artifact_bucket_name
  artifacts     = { (local.function_artifact) = { path = local.function_zip } }
  force_destroy = var.force_destroy
}

module "model_store" {
  source        = "../../modules/model_store"
  bucket_name   = local.model_bucket_name
  force_destroy = var.force_destroy
}

# One artifact, three functions (QUARKUS_FUNQY_EXPORT picks the entry point).
# classify (and health) serve the text model of classify_model_uri, classifyEmail
# the ham/spam model of email_model_uri: two bundles, each chosen explicitly
# (never one standing in for the other; see the validation of email_model_uri).

module "classify" {
  source               = "../../modules/lambda_function"
  function_name        = "${var.name_prefix}-classify"
  funqy_export         = "classify"
  flavour              = var.function_flavour
  code                 = module.artifact_store.objects[local.function_artifact]
  model_location       = var.classify_model_uri
  model_sha256         = var.classify_model_sha256
  model_kms_key_arn    = module.model_store.kms_key_arn
  java_tool_options    = var.java_tool_options
  memory_size          = var.functions.classify.memory_size
  timeout              = var.functions.classify.timeout
  reserved_concurrency = var.functions.classify.reserved_concurrency
  ephemeral_storage_mb = local.ephemeral_storage_mb
  log_retention_days   = var.log_retention_days
  snapstart_enabled    = var.snapstart_enabled
  xray_tracing         = var.xray_tracing
}

# health reports whether the classify model loads, so it reads the same bundle.
module "health" {
  source               = "../../modules/lambda_function"
  function_name        = "${var.name_prefix}-health"
  funqy_export         = "health"
  flavour              = var.function_flavour
  code                 = module.artifact_store.objects[local.function_artifact]
  model_location       = var.classify_model_uri
  model_sha256         = var.classify_model_sha256
  model_kms_key_arn    = module.model_store.kms_key_arn
  java_tool_options    = var.java_tool_options
  memory_size          = var.functions.health.memory_size
  timeout              = var.functions.health.timeout
  reserved_concurrency = var.functions.health.reserved_concurrency
  ephemeral_storage_mb = local.ephemeral_storage_mb
  log_retention_days   = var.log_retention_days
  snapstart_enabled    = var.snapstart_enabled
  xray_tracing         = var.xray_tracing
}

module "classify_email" {
  source               = "../../modules/lambda_function"
  function_name        = "${var.name_prefix}-classify-email"
  funqy_export         = "classifyEmail"
  flavour              = var.function_flavour
  code                 = module.artifact_store.objects[local.function_artifact]
  model_location       = var.email_model_uri
  model_sha256         = var.email_model_sha256
  model_kms_key_arn    = module.model_store.kms_key_arn
  java_tool_options    = var.java_tool_options
  memory_size          = var.functions.classify_email.memory_size
  timeout              = var.functions.classify_email.timeout
  reserved_concurrency = var.functions.classify_email.reserved_concurrency
  ephemeral_storage_mb = local.ephemeral_storage_mb
  log_retention_days   = var.log_retention_days
  snapstart_enabled    = var.snapstart_enabled
  xray_tracing         = var.xray_tracing

  extra_environment = {
    TRIAGE_EMAIL_OUTPUT_QUEUE_URL = module.email_ingest.output_queue_url
    # The size the function checks each result against is the queue's own.
    TRIAGE_EMAIL_MAX_RESULT_BYTES = tostring(module.email_ingest.result_max_message_bytes)
  }
  additional_policy_statements = module.email_ingest.consumer_policy_statements
}

# The archive job's function: classifies batches of stored e-mails or texts
# (modules/archive_job). It starts with the e-mail model; infra/bin/classify-archive
# sets the model of each job (--model), among the published bundles.
module "classify_archive" {
  source               = "../../modules/lambda_function"
  function_name        = "${var.name_prefix}-classify-archive"
  funqy_export         = "classifyArchive"
  flavour              = var.function_flavour
  code                 = module.artifact_store.objects[local.function_artifact]
  model_location       = var.email_model_uri
  model_sha256         = var.email_model_sha256
  model_read_prefix    = local.archive_model_read_prefix
  model_kms_key_arn    = module.model_store.kms_key_arn
  java_tool_options    = var.java_tool_options
  memory_size          = var.functions.classify_archive.memory_size
  timeout              = var.functions.classify_archive.timeout
  reserved_concurrency = var.functions.classify_archive.reserved_concurrency
  ephemeral_storage_mb = local.ephemeral_storage_mb
  log_retention_days   = var.log_retention_days
  snapstart_enabled    = var.snapstart_enabled
  xray_tracing         = var.xray_tracing

  extra_environment = {
    TRIAGE_ARCHIVE_RESULTS_BUCKET = local.archive_results_bucket
    # Items not started within it become "time budget" results instead of a
    # timed-out batch; a minute is left for the results upload.
    TRIAGE_ARCHIVE_TIME_BUDGET = "${var.functions.classify_archive.timeout - 60}s"
  }
  additional_policy_statements = module.archive_job.function_policy_statements
}

# Where archive results go when no bucket is given: a private, versioned,
# encrypted, TLS-only bucket (the artifact store's module, with no artifacts).
module "archive_results" {
  count         = var.archive.results_bucket == null ? 1 : 0
  source        = "../../modules/artifact_store"
  bucket_name   = local.archive_results_bucket
  artifacts     = {}
  force_destroy = var.force_destroy
}

module "archive_job" {
  source                        = "../../modules/archive_job"
  name_prefix                   = var.name_prefix
  function_arn                  = module.classify_archive.invoke_target_arn
  function_reserved_concurrency = var.functions.classify_archive.reserved_concurrency
  archive_bucket                = local.archive_bucket
  archive_prefix                = local.archive_prefix
  manifest_bucket               = var.archive.manifest_bucket
  manifest_prefix               = var.archive.manifest_prefix
  results_bucket                = local.archive_results_bucket
  results_prefix                = var.archive.results_prefix
  max_concurrency               = var.archive.max_concurrency
  max_items_per_batch           = var.archive.max_items_per_batch
  tolerated_failure_percentage  = var.archive.tolerated_failure_percentage
  log_retention_days            = var.log_retention_days
}

module "api" {
  source = "../../modules/api"
  name   = "${var.name_prefix}-api"

  classify_function_name = module.classify.function_name
  classify_invoke_arn    = module.classify.invoke_arn
  classify_qualifier     = module.classify.qualifier
  health_function_name   = module.health.function_name
  health_invoke_arn      = module.health.invoke_arn
  health_qualifier       = module.health.qualifier

  stage_throttle_rate_limit   = var.api_throttle.stage_rate_limit
  stage_throttle_burst_limit  = var.api_throttle.stage_burst_limit
  key_throttle_rate_limit     = var.api_throttle.key_rate_limit
  key_throttle_burst_limit    = var.api_throttle.key_burst_limit
  quota_limit                 = var.api_throttle.quota_limit
  quota_period                = var.api_throttle.quota_period
  access_log_retention_days   = var.log_retention_days
  xray_tracing_enabled        = var.xray_tracing
  manage_account_logging_role = var.manage_api_gateway_account
  authorization               = var.api_authorization
}

module "email_ingest" {
  source           = "../../modules/email_ingest"
  name_prefix      = var.name_prefix
  mail_bucket_name = local.mail_bucket_name
  force_destroy    = var.force_destroy
  recipients       = var.email_recipients

  activate_rule_set = var.activate_receipt_rule_set

  # Taken from the variables (not from module.classify_email's outputs) so that
  # the queues do not wait on the function, which itself needs the queue ARNs.
  consumer_function_name     = "${var.name_prefix}-classify-email"
  consumer_timeout_seconds   = var.functions.classify_email.timeout
  consumer_invoke_target_arn = module.classify_email.invoke_target_arn

  batch_size                      = var.email_queue.batch_size
  maximum_batching_window_seconds = var.email_queue.maximum_batching_window_seconds
  maximum_concurrency             = local.email_maximum_concurrency
  consumer_reserved_concurrency   = var.functions.classify_email.reserved_concurrency
  max_receive_count               = var.email_queue.max_receive_count
  mail_expiration_days            = var.email_queue.mail_expiration_days
}

module "training" {
  source                   = "../../modules/training"
  name_prefix              = var.name_prefix
  model_bucket_name        = module.model_store.bucket_name
  model_bucket_kms_key_arn = module.model_store.kms_key_arn
  data_prefix              = module.model_store.data_prefix
  recipes_prefix           = module.model_store.recipes_prefix
  staging_prefix           = module.model_store.staging_prefix
  training_prefix          = module.model_store.training_prefix
  image_tag                = var.trainer_image_tag
  instance_types           = var.training.instance_types
  max_vcpus                = var.training.max_vcpus
  use_spot                 = var.training.use_spot
  subnet_ids               = var.training.subnet_ids
  security_group_ids       = var.training.security_group_ids
  log_retention_days       = var.log_retention_days
  ecr_force_delete         = var.force_destroy
}

# Alarms (docs/operations.md): dead-lettered mail, function errors and throttles,
# API 5XX and p99 latency, the e-mail queue not being consumed.
module "alarms" {
  source      = "../../modules/alarms"
  name_prefix = var.name_prefix
  subscribers = var.alarm_subscribers

  functions = {
    classify         = module.classify.function_name
    health           = module.health.function_name
    classify_email   = module.classify_email.function_name
    classify_archive = module.classify_archive.function_name
  }
  state_machines     = { archive = module.archive_job.state_machine_arn }
  dead_letter_queues = module.email_ingest.dead_letter_queue_names
  source_queues = {
    email_input = { queue_name = module.email_ingest.input_queue_name, max_age_seconds = var.email_queue.max_age_alarm_seconds }
  }
  apis = {
    api = { api_name = "${var.name_prefix}-api", stage_name = module.api.stage_name, p99_latency_ms = var.api_p99_latency_alarm_ms }
  }
}

# Every security rule, checked over the facts of every module (see modules/guardrails).
module "guardrails" {
  source = "../../modules/guardrails"

  iam_policies = merge(
    module.classify.security_facts.iam_policies,
    module.health.security_facts.iam_policies,
    module.classify_email.security_facts.iam_policies,
    module.classify_archive.security_facts.iam_policies,
    module.archive_job.security_facts.iam_policies,
    module.api.security_facts.iam_policies,
    module.training.security_facts.iam_policies,
  )
  buckets = merge(
    module.model_store.security_facts.buckets,
    module.email_ingest.security_facts.buckets,
    module.artifact_store.security_facts.buckets,
    [for results in module.archive_results : results.security_facts.buckets]...
  )
  queues = module.email_ingest.security_facts.queues
  log_groups = merge(
    module.classify.security_facts.log_groups,
    module.health.security_facts.log_groups,
    module.classify_email.security_facts.log_groups,
    module.classify_archive.security_facts.log_groups,
    module.archive_job.security_facts.log_groups,
    module.api.security_facts.log_groups,
    module.training.security_facts.log_groups,
  )
  event_source_mappings = module.email_ingest.security_facts.event_source_mappings
  api_stages            = module.api.security_facts.api_stages
}

# Bundles are expected in this environment's model store; a URI elsewhere is
# legal (the IAM policy follows the URI) but usually a typo: warn about it.
check "models_come_from_the_model_store" {
  assert {
    condition = alltrue([
      for uri in compact([var.classify_model_uri, var.email_model_uri]) : startswith(uri, "s3://${local.model_bucket_name}/models/")
    ])
    error_message = "A model URI does not point into this environment's model store (s3://${local.model_bucket_name}/models/)."
  }
}
