output "checked" {
  description = "How many items each rule inspected (a rule over nothing proves nothing: the environment tests assert these counts)."
  value = {
    iam_policies          = length(var.iam_policies)
    iam_statements        = length(flatten(values(var.iam_policies)))
    buckets               = length(var.buckets)
    queues                = length(var.queues)
    log_groups            = length(var.log_groups)
    event_source_mappings = length(var.event_source_mappings)
    api_stages            = length(var.api_stages)
  }
}

output "violations" {
  description = "Offenders per rule (all empty when the rules hold; a failing rule also stops the plan)."
  value = {
    iam_no_wildcard_actions                          = local.wildcard_allow_actions
    buckets_block_public_access                      = local.public_buckets
    buckets_encrypted                                = local.unencrypted_buckets
    buckets_tls_only                                 = local.buckets_without_tls_deny
    queues_have_dead_letter_queue                    = local.queues_without_dlq
    queues_encrypted                                 = local.unencrypted_queues
    log_groups_expire                                = local.log_groups_without_retention
    event_source_mappings_report_batch_item_failures = local.mappings_without_partial_failures
    api_stages_protected                             = local.unprotected_api_stages
  }
}
