# CloudWatch alarms of the environment, all notifying one SNS topic.
#
# What each alarm means (README.md): a message dead-lettered (and one left there
# too long), a function failing or throttled, the API answering 5XX or slowly,
# the e-mail queue not being consumed. Missing data is "not breaching": a
# function that is not called has no errors.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  topic_name = "${var.name_prefix}-alarms"

  # Step Functions' execution metrics that mean a job did not finish (AWS/States).
  execution_outcomes = {
    Failed   = "failed: its map run exceeded the tolerated failures, or a reader or writer was refused. describe-execution names the error."
    TimedOut = "timed out."
    Aborted  = "was stopped (aborted) before it finished."
  }

  # Every alarm as data: the tests and the README read the same definitions.
  alarms = merge(
    { for name, queue in var.dead_letter_queues : "${var.name_prefix}-dlq-depth-${name}" => {
      description = "A message reached the dead-letter queue ${queue}: it failed every delivery. Inspect it, fix the cause, redrive it."
      namespace   = "AWS/SQS", metric = "ApproximateNumberOfMessagesVisible", statistic = "Maximum", extended_statistic = null
      dimensions  = { QueueName = queue }, threshold = 1
    } },
    { for name, queue in var.dead_letter_queues : "${var.name_prefix}-dlq-age-${name}" => {
      description = "The oldest message of ${queue} is older than ${var.dead_letter_max_age_seconds} s: it is deleted when the queue's retention ends. Redrive or inspect it now."
      namespace   = "AWS/SQS", metric = "ApproximateAgeOfOldestMessage", statistic = "Maximum", extended_statistic = null
      dimensions  = { QueueName = queue }, threshold = var.dead_letter_max_age_seconds
    } },
    { for name, function in var.functions : "${var.name_prefix}-errors-${name}" => {
      description = "Lambda function ${function} ended invocations with an error."
      namespace   = "AWS/Lambda", metric = "Errors", statistic = "Sum", extended_statistic = null
      dimensions  = { FunctionName = function }, threshold = 1
    } },
    { for name, function in var.functions : "${var.name_prefix}-throttles-${name}" => {
      description = "Lambda function ${function} was throttled: its reserved concurrency (or the account's) is exhausted."
      namespace   = "AWS/Lambda", metric = "Throttles", statistic = "Sum", extended_statistic = null
      dimensions  = { FunctionName = function }, threshold = 1
    } },
    { for name, api in var.apis : "${var.name_prefix}-5xx-${name}" => {
      description = "API ${api.api_name} (stage ${api.stage_name}) answered with a 5XX status."
      namespace   = "AWS/ApiGateway", metric = "5XXError", statistic = "Sum", extended_statistic = null
      dimensions  = { ApiName = api.api_name, Stage = api.stage_name }, threshold = 1
    } },
    { for name, api in var.apis : "${var.name_prefix}-p99-latency-${name}" => {
      description = "API ${api.api_name} (stage ${api.stage_name}): the 99th percentile of latency is above ${api.p99_latency_ms} ms."
      namespace   = "AWS/ApiGateway", metric = "Latency", statistic = null, extended_statistic = "p99"
      dimensions  = { ApiName = api.api_name, Stage = api.stage_name }, threshold = api.p99_latency_ms
    } },
    { for pair in setproduct(keys(var.state_machines), keys(local.execution_outcomes)) : "${var.name_prefix}-executions-${lower(pair[1])}-${pair[0]}" => {
      description = "An execution of state machine ${var.state_machines[pair[0]]} ${local.execution_outcomes[pair[1]]}"
      namespace   = "AWS/States", metric = "Executions${pair[1]}", statistic = "Sum", extended_statistic = null
      dimensions  = { StateMachineArn = var.state_machines[pair[0]] }, threshold = 1
    } },
    { for name, queue in var.source_queues : "${var.name_prefix}-queue-age-${name}" => {
      description = "The oldest message of ${queue.queue_name} waits for more than ${queue.max_age_seconds} s: its consumer is failing, throttled or too slow."
      namespace   = "AWS/SQS", metric = "ApproximateAgeOfOldestMessage", statistic = "Maximum", extended_statistic = null
      dimensions  = { QueueName = queue.queue_name }, threshold = queue.max_age_seconds
    } },
  )

  # CloudWatch publishes alarm state changes with its own service principal;
  # only this account's alarms of this environment may.
  topic_policy_statements = [
    {
      Sid       = "AllowThisEnvironmentsAlarms"
      Effect    = "Allow"
      Principal = { Service = "cloudwatch.amazonaws.com" }
      Action    = ["sns:Publish"]
      Resource  = [aws_sns_topic.alarms.arn]
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${data.aws_partition.current.partition}:cloudwatch:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:alarm:${var.name_prefix}-*" }
      }
    },
  ]
}

# Not encrypted: CloudWatch cannot publish to a topic encrypted with the AWS
# managed SNS key, and alarm notifications carry metric names and states only,
# no user data (a customer managed key would cost a key and its policy).
resource "aws_sns_topic" "alarms" {
  name = local.topic_name
  tags = var.tags
}

resource "aws_sns_topic_policy" "alarms" {
  arn = aws_sns_topic.alarms.arn
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.topic_policy_statements
  })
}

resource "aws_sns_topic_subscription" "subscribers" {
  for_each  = { for s in var.subscribers : "${s.protocol}:${s.endpoint}" => s }
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = each.value.protocol
  endpoint  = each.value.endpoint
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = each.key
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic
  extended_statistic  = each.value.extended_statistic
  period              = var.period_seconds
  evaluation_periods  = 1
  threshold           = each.value.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
  tags                = var.tags
}
