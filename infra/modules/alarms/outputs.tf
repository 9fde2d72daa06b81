output "topic_arn" {
  description = "SNS topic every alarm notifies (subscribe more endpoints to it)."
  value       = aws_sns_topic.alarms.arn
}

output "alarms" {
  description = "Every alarm: name => namespace, metric, statistic, dimensions and threshold (>= threshold raises it)."
  value = { for name, alarm in aws_cloudwatch_metric_alarm.this : name => {
    namespace          = alarm.namespace
    metric             = alarm.metric_name
    statistic          = alarm.statistic
    extended_statistic = alarm.extended_statistic
    dimensions         = alarm.dimensions
    threshold          = alarm.threshold
    actions            = alarm.alarm_actions
  } }
}

output "topic_policy_statements" {
  description = "The topic's access policy statements, as plain values."
  value       = local.topic_policy_statements
}
