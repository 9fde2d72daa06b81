output "api_url" {
  description = "Base URL of the API stage."
  value       = module.api.api_url
}

output "classify_url" {
  description = "POST endpoint for classification."
  value       = module.api.classify_url
}

output "health_url" {
  description = "GET endpoint of the readiness check."
  value       = module.api.health_url
}

output "api_key_id" {
  description = "ID of the API key; value: aws apigateway get-api-key --api-key <id> --include-value --query value --output text"
  value       = module.api.api_key_id
}

output "model_bucket_name" {
  description = "Model store bucket (bundles under models/<name>/<version>/, training data under data/)."
  value       = module.model_store.bucket_name
}

output "mail_bucket_name" {
  description = "Bucket receiving raw e-mails."
  value       = module.email_ingest.mail_bucket_name
}

output "email_input_queue_url" {
  description = "Queue of new-mail events consumed by classifyEmail."
  value       = module.email_ingest.input_queue_url
}

output "email_input_dlq_url" {
  description = "Dead-letter queue of the input queue."
  value       = module.email_ingest.input_dlq_url
}

output "email_output_queue_url" {
  description = "Queue of e-mail classification results."
  value       = module.email_ingest.output_queue_url
}

output "email_output_dlq_url" {
  description = "Dead-letter queue of the output queue."
  value       = module.email_ingest.output_dlq_url
}

output "ses_receipt_rule_set_name" {
  description = "SES receipt rule set of the environment."
  value       = module.email_ingest.receipt_rule_set_name
}

output "training_job_queue_name" {
  description = "Batch job queue for training (infra/bin/train)."
  value       = module.training.job_queue_name
}

output "training_job_definition_name" {
  description = "Batch job definition of the trainer (null until trainer_image_tag is set)."
  value       = module.training.job_definition_name
}

output "trainer_repository_url" {
  description = "ECR repository of the trainer image."
  value       = module.training.ecr_repository_url
}

output "function_names" {
  description = "Lambda function names by role."
  value = {
    classify         = module.classify.function_name
    health           = module.health.function_name
    classify_email   = module.classify_email.function_name
    classify_archive = module.classify_archive.function_name
  }
}

output "guardrails_checked" {
  description = "How many items each security rule inspected."
  value       = module.guardrails.checked
}

output "trainer_image_tag" {
  description = "Trainer image tag registered in the job definition (infra/bin/deploy keeps it unless --trainer-tag changes it)."
  value       = var.trainer_image_tag
}

output "artifact_bucket_name" {
  description = "Bucket of the deployable artifacts (the function zip, by version)."
  value       = module.artifact_store.bucket_name
}

output "function_code" {
  description = "Where the functions' code comes from: bucket, key, object version and sha256 of the function zip."
  value       = module.artifact_store.objects[local.function_artifact]
}

output "snapstart_enabled" {
  description = "Whether the functions publish SnapStart versions (infra/bin/deploy then prunes old versions)."
  value       = var.snapstart_enabled
}

output "api_authorization" {
  description = "How API callers authenticate: API_KEY or AWS_IAM."
  value       = module.api.authorization
}

output "api_invoke_policy_arn" {
  description = "Policy allowing execute-api:Invoke on the API (attach to SigV4 callers); null with API_KEY authorization."
  value       = module.api.invoke_policy_arn
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = module.alarms.topic_arn
}

output "alarm_names" {
  description = "Names of the environment's CloudWatch alarms."
  value       = keys(module.alarms.alarms)
}

output "email_maximum_concurrency" {
  description = "Most concurrent classifyEmail invocations the e-mail queue's pollers start."
  value       = module.email_ingest.event_source_mapping_maximum_concurrency
}

output "ses_setup_object_key" {
  description = "Key of the object SES writes under the incoming prefix when the receipt rule is created (classifyEmail acknowledges it unclassified)."
  value       = module.email_ingest.ses_setup_object_key
}

output "archive" {
  description = "The archive job, as infra/bin/classify-archive reads it: state machine, function (name, memory, timeout), what it may classify, where results go, and how it batches."
  value = {
    state_machine_arn            = module.archive_job.state_machine_arn
    function_name                = module.classify_archive.function_name
    memory_size                  = var.functions.classify_archive.memory_size
    timeout                      = module.classify_archive.timeout
    bucket                       = module.archive_job.archive_bucket.bucket
    prefix                       = module.archive_job.archive_bucket.prefix
    results_bucket               = module.archive_job.results.bucket
    results_prefix               = module.archive_job.results.prefix
    map_run_results_prefix       = module.archive_job.results.map_run_prefix
    max_items_per_batch          = module.archive_job.batching.max_items_per_batch
    max_concurrency              = module.archive_job.batching.max_concurrency
    tolerated_failure_percentage = module.archive_job.batching.tolerated_failure_percentage
  }
}
