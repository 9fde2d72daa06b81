#!/usr/bin/env bats
# infra/bin/classify-archive: checks before anything starts (published model,
# the job's reach, an empty prefix), the estimate, the model switch, the
# execution and its progress from the map run.

load test_helper

ARCHIVE_OUTPUT='{"state_machine_arn":"arn:aws:states:eu-west-1:123456789012:stateMachine:triage-dev-archive","function_name":"triage-dev-classify-archive","memory_size":2048,"timeout":900,"bucket":"triage-dev-mail-123456789012","prefix":"incoming/","results_bucket":"triage-dev-archive-results-123456789012","results_prefix":"archive-results/","map_run_results_prefix":"archive-results/map-runs","max_items_per_batch":100,"max_concurrency":10,"tolerated_failure_percentage":5}'

setup() {
  setup_sandbox
  stub terraform "
case \"\$*\" in
  *'output -json archive') printf '%s' '$ARCHIVE_OUTPUT' ;;
  *'output -raw model_bucket_name') echo triage-dev-models-123456789012 ;;
esac"
  stub aws '
case "$1 $2" in
  "s3 cp") [[ -n "${UNPUBLISHED:-}" ]] && { echo "download failed: (404) Not Found" >&2; exit 1; }; printf "{\"name\":\"spam-minilm-finetuned\"}" ;;
  "s3api list-objects-v2") echo "${OBJECTS-1000}" ;;
  "stepfunctions list-executions") echo "${RUNNING_JOBS:-0}" ;;
  "lambda get-function-configuration") printf "%s" "{\"QUARKUS_FUNQY_EXPORT\":\"classifyArchive\",\"TRIAGE_EMAIL_MODEL_LOCATION\":\"s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/1/\"}" ;;
  "lambda update-function-configuration") echo Successful ;;
  "lambda wait") ;;
  "stepfunctions start-execution") echo "arn:aws:states:eu-west-1:123456789012:execution:triage-dev-archive:backlog-2025" ;;
  "stepfunctions describe-execution")
    if [[ "$*" == *"--query status"* ]]; then echo "${FINAL_STATUS:-SUCCEEDED}"
    else printf "%s" "{\"status\":\"${FINAL_STATUS:-SUCCEEDED}\",\"error\":\"States.ExceedToleratedFailureThreshold\",\"cause\":\"The specified tolerated failure threshold was exceeded\",\"output\":\"{}\"}"; fi ;;
  "stepfunctions list-map-runs") echo "arn:aws:states:eu-west-1:123456789012:mapRun:triage-dev-archive/ClassifyPrefix:1a2b" ;;
  "stepfunctions describe-map-run") printf "%s" "{\"itemCounts\":{\"pending\":0,\"running\":0,\"succeeded\":995,\"failed\":5,\"timedOut\":0,\"aborted\":0,\"total\":1000},\"executionCounts\":{\"running\":0,\"failed\":1}}" ;;
esac'
  printf 'sha256sum\n' >/dev/null
}

MODEL_SHA=$(printf '{"name":"spam-minilm-finetuned"}' | sha256sum | cut -d' ' -f1)

@test "--help explains the command and runs nothing" {
  run_cli classify-archive --help
  assert_status 0
  assert_contains "$output" "Usage: infra/bin/classify-archive s3://BUCKET/PREFIX/ --model NAME/VERSION"
  assert_contains "$output" "--manifest URI"
  assert_no_calls
}

@test "a normal run checks the model, counts, switches the model, starts the job and reports the map run's progress" {
  run_cli classify-archive s3://triage-dev-mail-123456789012/incoming/2025/ --model spam-minilm-finetuned/2 --tag --name backlog-2025
  assert_status 0
  assert_calls <<CALLS
terraform -chdir=infra/envs/dev output -json archive
terraform -chdir=infra/envs/dev output -raw model_bucket_name
aws s3 cp s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/2/triage.json -
aws s3api list-objects-v2 --bucket triage-dev-mail-123456789012 --prefix incoming/2025/ --query 'length(Contents || \`[]\`)' --output text
aws stepfunctions list-executions --state-machine-arn arn:aws:states:eu-west-1:123456789012:stateMachine:triage-dev-archive --status-filter RUNNING --max-results 1 --query 'length(executions)' --output text
aws lambda get-function-configuration --function-name triage-dev-classify-archive --query Environment.Variables --output json
aws lambda update-function-configuration --function-name triage-dev-classify-archive --environment '{"Variables":{"QUARKUS_FUNQY_EXPORT":"classifyArchive","TRIAGE_EMAIL_MODEL_LOCATION":"s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/2/","TRIAGE_EMAIL_MODEL_SHA256":"$MODEL_SHA"}}'
aws lambda wait function-updated-v2 --function-name triage-dev-classify-archive
aws stepfunctions start-execution --state-machine-arn arn:aws:states:eu-west-1:123456789012:stateMachine:triage-dev-archive --name backlog-2025 --input '{"source":"prefix","bucket":"triage-dev-mail-123456789012","prefix":"incoming/2025/","format":"email","tag":true}' --query executionArn --output text
aws stepfunctions describe-execution --execution-arn arn:aws:states:eu-west-1:123456789012:execution:triage-dev-archive:backlog-2025 --query status --output text
aws stepfunctions list-map-runs --execution-arn arn:aws:states:eu-west-1:123456789012:execution:triage-dev-archive:backlog-2025 --query 'mapRuns[0].mapRunArn' --output text
aws stepfunctions describe-map-run --map-run-arn arn:aws:states:eu-west-1:123456789012:mapRun:triage-dev-archive/ClassifyPrefix:1a2b --output json
aws stepfunctions describe-execution --execution-arn arn:aws:states:eu-west-1:123456789012:execution:triage-dev-archive:backlog-2025 --output json
CALLS
  [[ "$output" == "s3://triage-dev-archive-results-123456789012/archive-results/backlog-2025/" ]]
  assert_contains "$stderr" "1000 items (counted with ListObjectsV2)"
  assert_contains "$stderr" "estimate for 1,000 items: 10 invocations of classifyArchive (100 items x 33 ms = 3.3 s each, 2048 MB)"
  assert_contains "$stderr" "Lambda duration:   66 GB-s x \$0.0000166667"
  assert_contains "$stderr" "Step Functions:    about 26 state transitions"
  assert_contains "$stderr" "prices: US East (N. Virginia), x86_64, AWS pricing pages as of 2026-11-30"
  assert_contains "$stderr" "progress: 995 of 1000 items done, 5 in failed batches, 0 to go (batches: 0 running, 1 failed)"
  assert_contains "$stderr" "triage-dev-classify-archive now classifies with s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/2/"
}

@test "--dry-run reads what the estimate needs, changes nothing and prints the commands" {
  run_cli classify-archive s3://triage-dev-mail-123456789012/incoming/ --model spam-minilm-finetuned/2 --name backlog --dry-run
  assert_status 0
  assert_only_commands_on_stdout
  assert_contains "$output" "+ aws lambda update-function-configuration --function-name triage-dev-classify-archive"
  assert_contains "$output" "+ aws stepfunctions start-execution --state-machine-arn arn:aws:states:eu-west-1:123456789012:stateMachine:triage-dev-archive --name backlog"
  assert_contains "$stderr" "estimate for 1,000 items"
  assert_contains "$stderr" "dry run: nothing changed; the results would go to s3://triage-dev-archive-results-123456789012/archive-results/backlog/"
  assert_not_contains "$(calls)" "update-function-configuration"
  assert_not_contains "$(calls)" "start-execution"
  assert_not_contains "$(calls)" "lambda wait"
}

@test "a model that is not published is refused before anything starts" {
  CLI_ENV=(UNPUBLISHED=1)
  run_cli classify-archive s3://triage-dev-mail-123456789012/incoming/ --model spam-minilm-finetuned/9
  assert_status 1
  assert_contains "$stderr" "could not read s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/9/triage.json: is the bundle published there (infra/bin/publish-model)?"
  assert_not_contains "$(calls)" "stepfunctions"
  assert_not_contains "$(calls)" "lambda"
}

@test "an empty prefix says so and starts nothing" {
  CLI_ENV=(OBJECTS=0)
  run_cli classify-archive s3://triage-dev-mail-123456789012/incoming/2031/ --model spam-minilm-finetuned/2
  assert_status 1
  assert_contains "$stderr" "no object under s3://triage-dev-mail-123456789012/incoming/2031/: nothing to classify, no job started"
  assert_not_contains "$(calls)" "stepfunctions"
  assert_not_contains "$(calls)" "update-function-configuration"
}

@test "a prefix outside the job's reach is refused, naming the settings" {
  run_cli classify-archive s3://other-bucket/mail/ --model spam-minilm-finetuned/2
  assert_status 1
  assert_contains "$stderr" "s3://other-bucket/mail/ is outside what the archive job may read (s3://triage-dev-mail-123456789012/incoming/): set archive.bucket and archive.prefix"
  assert_not_contains "$(calls)" "stepfunctions"
}

@test "a job already running is never reconfigured under it" {
  CLI_ENV=(RUNNING_JOBS=1)
  run_cli classify-archive s3://triage-dev-mail-123456789012/incoming/ --model spam-minilm-finetuned/2
  assert_status 1
  assert_contains "$stderr" "an archive job is running"
  assert_not_contains "$(calls)" "update-function-configuration"
  assert_not_contains "$(calls)" "start-execution"
}

@test "a job that fails ends with its error and status 1" {
  CLI_ENV=(FINAL_STATUS=FAILED)
  run_cli classify-archive s3://triage-dev-mail-123456789012/incoming/ --model spam-minilm-finetuned/2 --name backlog
  assert_status 1
  assert_contains "$stderr" "the archive job ended FAILED: States.ExceedToleratedFailureThreshold"
}

@test "a CSV manifest of texts goes to the csv reader and points the texts model variables at the model" {
  run_cli classify-archive s3://triage-dev-mail-123456789012/incoming/ --model tickets/4 --format texts --manifest s3://triage-dev-mail-123456789012/incoming/manifests/t.csv --items 5000 --name t
  assert_status 0
  assert_contains "$(calls)" "\"TRIAGE_MODEL_LOCATION\":\"s3://triage-dev-models-123456789012/models/tickets/4/\""
  assert_contains "$(calls)" "--input '{\"source\":\"csv\",\"bucket\":\"triage-dev-mail-123456789012\",\"prefix\":\"incoming/\",\"format\":\"texts\",\"tag\":false,\"manifestBucket\":\"triage-dev-mail-123456789012\",\"manifestKey\":\"incoming/manifests/t.csv\"}'"
  assert_not_contains "$(calls)" "list-objects-v2"
  assert_contains "$stderr" "5000 items (--items)"
}

@test "usage errors: no model, --tag on texts, a bad manifest or name, a prefix without its slash" {
  run_cli classify-archive s3://b-1/incoming/
  assert_status 2
  assert_contains "$stderr" "missing --model NAME/VERSION"
  run_cli classify-archive s3://b-1/incoming/ --model a/1 --format texts --tag
  assert_status 2
  assert_contains "$stderr" "--tag writes e-mail tags: it needs --format email"
  run_cli classify-archive s3://b-1/incoming/ --model a/1 --manifest s3://b-1/list.txt
  assert_status 2
  run_cli classify-archive s3://b-1/incoming --model a/1
  assert_status 2
  assert_contains "$stderr" "the prefix must end with '/'"
  run_cli classify-archive s3://b-1/incoming/ --model a/1 --name "$(printf 'x%.0s' {1..81})"
  assert_status 2
  assert_contains "$stderr" "--name must be 1-80 letters"
  assert_no_calls
}
