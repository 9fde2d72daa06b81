# modules/alarms: one alarm per failure mode, each notifying the topic.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix        = "triage-test"
  subscribers        = [{ protocol = "email", endpoint = "oncall@example.com" }]
  functions          = { classify = "triage-test-classify", classify_email = "triage-test-classify-email" }
  dead_letter_queues = { email_input = "triage-test-email-input-dlq" }
  source_queues      = { email_input = { queue_name = "triage-test-email-input", max_age_seconds = 900 } }
  apis               = { api = { api_name = "triage-test-api", stage_name = "v1", p99_latency_ms = 5000 } }
  state_machines     = { archive = "arn:aws:states:eu-west-1:123456789012:stateMachine:triage-test-archive" }
}

run "one_alarm_per_failure_mode" {
  command = apply

  override_resource {
    target = aws_sns_topic.alarms
    values = { arn = "arn:aws:sns:eu-west-1:123456789012:triage-test-alarms" }
  }

  assert {
    condition = toset(keys(output.alarms)) == toset([
      "triage-test-5xx-api",
      "triage-test-dlq-age-email_input",
      "triage-test-dlq-depth-email_input",
      "triage-test-errors-classify",
      "triage-test-errors-classify_email",
      "triage-test-executions-aborted-archive",
      "triage-test-executions-failed-archive",
      "triage-test-executions-timedout-archive",
      "triage-test-p99-latency-api",
      "triage-test-queue-age-email_input",
      "triage-test-throttles-classify",
      "triage-test-throttles-classify_email",
    ])
    error_message = "Unexpected alarms: ${jsonencode(keys(output.alarms))}."
  }

  # A job that did not finish: failed, timed out or stopped (AWS/States metrics).
  assert {
    condition = alltrue([for outcome in ["Failed", "TimedOut", "Aborted"] : (
      output.alarms["triage-test-executions-${lower(outcome)}-archive"].namespace == "AWS/States"
      && output.alarms["triage-test-executions-${lower(outcome)}-archive"].metric == "Executions${outcome}"
      && output.alarms["triage-test-executions-${lower(outcome)}-archive"].threshold == 1
      && output.alarms["triage-test-executions-${lower(outcome)}-archive"].dimensions == tomap({ StateMachineArn = "arn:aws:states:eu-west-1:123456789012:stateMachine:triage-test-archive" })
    )])
    error_message = "Each failed, timed-out or aborted archive execution must raise an alarm."
  }

  assert {
    condition     = alltrue([for a in values(output.alarms) : a.actions == toset(["arn:aws:sns:eu-west-1:123456789012:triage-test-alarms"])])
    error_message = "Every alarm must notify the alarm topic."
  }

  assert {
    condition = (
      output.alarms["triage-test-dlq-depth-email_input"].metric == "ApproximateNumberOfMessagesVisible"
      && output.alarms["triage-test-dlq-depth-email_input"].threshold == 1
      && output.alarms["triage-test-dlq-depth-email_input"].dimensions == tomap({ QueueName = "triage-test-email-input-dlq" })
    )
    error_message = "One message in the dead-letter queue must raise the depth alarm."
  }

  assert {
    condition     = output.alarms["triage-test-dlq-age-email_input"].metric == "ApproximateAgeOfOldestMessage" && output.alarms["triage-test-dlq-age-email_input"].threshold == 604800
    error_message = "A dead-lettered message older than 7 days (half the 14-day retention) must raise the age alarm."
  }

  assert {
    condition = (
      output.alarms["triage-test-errors-classify"].namespace == "AWS/Lambda" && output.alarms["triage-test-errors-classify"].metric == "Errors"
      && output.alarms["triage-test-throttles-classify_email"].metric == "Throttles"
      && output.alarms["triage-test-throttles-classify_email"].dimensions == tomap({ FunctionName = "triage-test-classify-email" })
    )
    error_message = "Each function needs an Errors and a Throttles alarm on its own name."
  }

  assert {
    condition = (
      output.alarms["triage-test-5xx-api"].metric == "5XXError" && output.alarms["triage-test-5xx-api"].statistic == "Sum"
      && output.alarms["triage-test-p99-latency-api"].metric == "Latency" && output.alarms["triage-test-p99-latency-api"].extended_statistic == "p99"
      && output.alarms["triage-test-p99-latency-api"].threshold == 5000
      && output.alarms["triage-test-p99-latency-api"].dimensions == tomap({ ApiName = "triage-test-api", Stage = "v1" })
    )
    error_message = "The API needs a 5XX alarm and a p99 latency alarm on its stage."
  }

  assert {
    condition     = output.alarms["triage-test-queue-age-email_input"].threshold == 900 && output.alarms["triage-test-queue-age-email_input"].dimensions == tomap({ QueueName = "triage-test-email-input" })
    error_message = "The e-mail source queue needs an age-of-oldest-message alarm."
  }

  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.this : a.treat_missing_data == "notBreaching" && a.comparison_operator == "GreaterThanOrEqualToThreshold"])
    error_message = "No data must not raise an alarm; each alarm fires at or above its threshold."
  }

  assert {
    condition = (
      output.topic_policy_statements[0].Principal == { Service = "cloudwatch.amazonaws.com" }
      && output.topic_policy_statements[0].Action == ["sns:Publish"]
      && output.topic_policy_statements[0].Condition.ArnLike["aws:SourceArn"] == "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:triage-test-*"
    )
    error_message = "Only this environment's CloudWatch alarms may publish to the topic."
  }

  assert {
    condition     = aws_sns_topic_subscription.subscribers["email:oncall@example.com"].protocol == "email"
    error_message = "Each subscriber must be subscribed to the topic."
  }
}

run "unknown_subscriber_protocol_refused" {
  command = plan
  variables {
    subscribers = [{ protocol = "carrier-pigeon", endpoint = "roof" }]
  }
  expect_failures = [var.subscribers]
}

run "latency_threshold_beyond_the_integration_timeout_refused" {
  command = plan
  variables {
    apis = { api = { api_name = "a", stage_name = "v1", p99_latency_ms = 60000 } }
  }
  expect_failures = [var.apis]
}
