#!/usr/bin/env bats
# infra/bin/deploy: the account's limits checked, terraform init/apply with the
# chosen artifact and pinned models, old SnapStart versions pruned, then the
# smoke test (GET /health, POST /classify).

load test_helper

API_URL=https://abc123.execute-api.eu-west-1.amazonaws.com/v1
API_KEY=s3cr3t-api-key-value

setup() {
  setup_sandbox
  stub terraform '
case "$*" in
  *"output -raw model_bucket_name") echo triage-dev-models-123456789012 ;;
  *"output -raw trainer_repository_url") echo 123456789012.dkr.ecr.eu-west-1.amazonaws.com/triage-dev-trainer ;;
  *"output -raw api_url") echo '"$API_URL"' ;;
  *"output -raw api_key_id") echo k3y1d ;;
esac'
  # aws stub: CODE_SIZE_UNZIPPED / CONCURRENCY_QUOTA tune the account's limits;
  # a bundle's triage.json is {"uri":"<its URI>"}.
  stub aws '
case "$*" in
  "lambda get-account-settings"*) printf "{\"AccountLimit\":{\"CodeSizeUnzipped\":%s,\"ConcurrentExecutions\":%s}}" "${CODE_SIZE_UNZIPPED:-262144000}" "${CONCURRENCY_QUOTA:-1000}" ;;
  "s3 cp s3://"*"/triage.json -") [[ -n "${MISSING_BUNDLE:-}" ]] && exit 1; printf "{\"uri\":\"%s\"}" "$3" ;;
  "lambda list-versions-by-function"*) printf "%s\t" "\$LATEST" 1 2 3 4 5 6 ;;
  "lambda list-aliases"*) printf "{\"Aliases\":[{\"Name\":\"live\",\"FunctionVersion\":\"6\",\"RoutingConfig\":{\"AdditionalVersionWeights\":{\"2\":0.1}}}]}" ;;
  "apigateway get-api-key"*) echo '"$API_KEY"' ;;
esac'
  # unzip -Zt summary; UNZIPPED tunes the size.
  stub unzip 'echo "3 files, ${UNZIPPED:-228589011} bytes uncompressed, 223412345 bytes compressed:  2.3%"'

  # curl stub: answers by path; HEALTH_BODY / CLASSIFY_STATUS tune the answers.
  stub curl '
out=""; prev=""
for a in "$@"; do [[ "$prev" == -o ]] && out=$a; prev=$a; done
case "${@: -1}" in
  */health) printf "%s" "${HEALTH_BODY:-{\"status\":\"UP\"}}" >"$out"; printf 200 ;;
  */classify) printf "%s" "{\"labels\":[{\"label\":\"billing\",\"score\":0.93}]}" >"$out"; printf "%s" "${CLASSIFY_STATUS:-200}" ;;
esac'
  CLI_ENV=(TRIAGE_SMOKE_ATTEMPTS=2 TRIAGE_SMOKE_DELAY=0)
}

# sha256 of the stub's triage.json for a bundle URI.
pin() {
  printf '{"uri":"%striage.json"}' "$1" | sha256sum | cut -d' ' -f1
}

@test "--help explains the flags and runs nothing" {
  run_cli deploy --help
  assert_status 0
  assert_contains "$output" "Usage: infra/bin/deploy"
  assert_contains "$output" "--classify-model NAME/VER"
  assert_contains "$output" "--email-model NAME/VER"
  assert_not_contains "$output" "default: the classify model"
  assert_contains "$output" "--bootstrap"
  assert_no_calls
}

@test "deploys the artifact and model, then smoke-tests health and classify" {
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --auto-approve
  assert_status 0
  assert_calls <<CALLS
terraform -chdir=infra/envs/dev init -input=false
terraform -chdir=infra/envs/dev output -raw trainer_image_tag
aws lambda get-account-settings --output json
unzip -Zt $REPO/src/function/target/function.zip
terraform -chdir=infra/envs/dev output -raw model_bucket_name
aws s3 cp s3://triage-dev-models-123456789012/models/support-tickets/3/triage.json -
aws s3 cp s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/1/triage.json -
terraform -chdir=infra/envs/dev apply -input=false -auto-approve -var function_zip=../../../src/function/target/function.zip -var function_flavour=jvm -var classify_model_uri=s3://triage-dev-models-123456789012/models/support-tickets/3/ -var classify_model_sha256=$(pin s3://triage-dev-models-123456789012/models/support-tickets/3/) -var email_model_uri=s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/1/ -var email_model_sha256=$(pin s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/1/) -var lambda_concurrency_quota=1000
terraform -chdir=infra/envs/dev output -raw snapstart_enabled
terraform -chdir=infra/envs/dev output -raw api_url
terraform -chdir=infra/envs/dev output -raw api_key_id
aws apigateway get-api-key --api-key k3y1d --include-value --query value --output text
terraform -chdir=infra/envs/dev output -raw api_authorization
curl -sS --max-time 60 -o <tmp> -w '%{http_code}' -X GET -H 'x-api-key: $API_KEY' $API_URL/health
curl -sS --max-time 60 -o <tmp> -w '%{http_code}' -X POST -H 'x-api-key: $API_KEY' -H 'content-type: application/json' --data-binary '{"text":"Smoke test after deployment: I was charged twice for my subscription.","topK":1}' $API_URL/classify
CALLS
  assert_contains "$stderr" "GET /health: UP"
  assert_contains "$stderr" "billing"
  assert_contains "$stderr" "function zip: 228589011 bytes unzipped, within Lambda's 262144000"
}

# Lambda takes 250 MB unzipped (CodeSizeUnzipped), whatever the upload path.
@test "a function zip that unzips beyond the account's limit stops before terraform" {
  CLI_ENV+=(UNZIPPED=262144001)
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --auto-approve
  assert_status 1
  assert_contains "$stderr" "unzips to 262144001 bytes; Lambda refuses code over 262144000 bytes unzipped"
  assert_not_contains "$(calls)" " apply "
}

# Reservations must leave Lambda's 100 unreserved: terraform checks it with the account's quota.
@test "the account's concurrency quota goes to terraform" {
  CLI_ENV+=(CONCURRENCY_QUOTA=117)
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --skip-smoke-test
  assert_status 0
  assert_contains "$(calls)" "-var lambda_concurrency_quota=117"
}

@test "each function is pinned to the sha256 of its bundle's triage.json" {
  run_cli deploy --classify-model-uri s3://shared-models/models/a/1/ --email-model-uri s3://shared-models/models/spam/1/ --skip-smoke-test
  assert_status 0
  assert_contains "$(calls)" "-var classify_model_uri=s3://shared-models/models/a/1/ -var classify_model_sha256=$(pin s3://shared-models/models/a/1/) -var email_model_uri=s3://shared-models/models/spam/1/ -var email_model_sha256=$(pin s3://shared-models/models/spam/1/)"
}

@test "a bundle whose triage.json cannot be read stops before terraform" {
  CLI_ENV+=(MISSING_BUNDLE=1)
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --skip-smoke-test
  assert_status 1
  assert_contains "$stderr" "could not read s3://triage-dev-models-123456789012/models/support-tickets/3/triage.json"
  assert_not_contains "$(calls)" " apply "
}

# Each published version counts against the region's 75 GB of code storage.
@test "with SnapStart, old versions are deleted, the aliased and the newest kept" {
  stub terraform '
case "$*" in
  *"output -raw model_bucket_name") echo triage-dev-models-123456789012 ;;
  *"output -raw snapstart_enabled") echo true ;;
  *"output -json function_names") echo "{\"classify\":\"triage-dev-classify\",\"health\":\"triage-dev-health\"}" ;;
esac'
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --skip-smoke-test --keep-versions 3
  assert_status 0
  # versions 1-6; the alias points at 6 and routes some traffic to 2; newest others kept: 5, 4, 3.
  [[ "$(calls | grep 'delete-function')" == "aws lambda delete-function --function-name triage-dev-classify --qualifier 1
aws lambda delete-function --function-name triage-dev-health --qualifier 1" ]]
  assert_contains "$stderr" "triage-dev-classify: deleted 1 old SnapStart version(s)"
}

@test "without SnapStart no version is listed or deleted" {
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --skip-smoke-test
  assert_status 0
  assert_not_contains "$(calls)" "list-versions-by-function"
}

@test "an AWS_IAM API is smoke-tested with SigV4-signed requests, the secret masked" {
  stub terraform '
case "$*" in
  *"output -raw model_bucket_name") echo triage-dev-models-123456789012 ;;
  *"output -raw api_url") echo '"$API_URL"' ;;
  *"output -raw api_key_id") echo k3y1d ;;
  *"output -raw api_authorization") echo AWS_IAM ;;
esac'
  CLI_ENV+=(AWS_ACCESS_KEY_ID=AKIAEXAMPLE AWS_SECRET_ACCESS_KEY=very-secret AWS_SESSION_TOKEN=session-token)
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 0
  assert_contains "$(calls)" "--aws-sigv4 aws:amz:eu-west-1:execute-api --user AKIAEXAMPLE:very-secret -H 'x-amz-security-token: session-token' $API_URL/health"
  assert_contains "$stderr" "--user 'AKIAEXAMPLE:***' -H 'x-amz-security-token: ***'"
  assert_not_contains "$stderr" "very-secret"
}

@test "the API key never appears in the printed trace" {
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 0
  assert_not_contains "$stderr" "$API_KEY"
  assert_contains "$stderr" "x-api-key: ***"
}

@test "separate e-mail model, native flavour, trainer tag, explicit artifact and bucket" {
  mkdir -p "$REPO/dist"
  printf 'zip' >"$REPO/dist/function-native.zip"
  run_cli deploy --native --function-zip "$REPO/dist/function-native.zip" --model-bucket my-models \
    --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --trainer-tag 0f1e2d3 --skip-smoke-test
  assert_status 0
  assert_calls <<CALLS
terraform -chdir=infra/envs/dev init -input=false
aws lambda get-account-settings --output json
unzip -Zt $REPO/dist/function-native.zip
aws s3 cp s3://my-models/models/support-tickets/3/triage.json -
aws s3 cp s3://my-models/models/spam-minilm-finetuned/1/triage.json -
terraform -chdir=infra/envs/dev apply -input=false -var trainer_image_tag=0f1e2d3 -var function_zip=../../../dist/function-native.zip -var function_flavour=native -var classify_model_uri=s3://my-models/models/support-tickets/3/ -var classify_model_sha256=$(pin s3://my-models/models/support-tickets/3/) -var email_model_uri=s3://my-models/models/spam-minilm-finetuned/1/ -var email_model_sha256=$(pin s3://my-models/models/spam-minilm-finetuned/1/) -var lambda_concurrency_quota=1000
terraform -chdir=infra/envs/dev output -raw snapstart_enabled
CALLS
}

@test "without --trainer-tag the registered trainer image is kept" {
  stub terraform '[[ "$*" == *"output -raw trainer_image_tag" ]] && echo 0f1e2d3; exit 0'
  run_cli deploy --classify-model-uri s3://shared-models/models/a/1/ --email-model-uri s3://shared-models/models/spam/1/ --skip-smoke-test
  assert_status 0
  assert_contains "$(calls)" "apply -input=false -var trainer_image_tag=0f1e2d3 -var function_zip="
}

@test "full model URIs are passed through" {
  run_cli deploy --classify-model-uri s3://shared-models/models/a/1/ --email-model-uri s3://shared-models/models/spam-minilm-finetuned/1/ --skip-smoke-test
  assert_status 0
  assert_contains "$(calls)" "-var classify_model_uri=s3://shared-models/models/a/1/ -var classify_model_sha256=$(pin s3://shared-models/models/a/1/) -var email_model_uri=s3://shared-models/models/spam-minilm-finetuned/1/"
  assert_not_contains "$(calls)" "model_bucket_name"
}

@test "--bootstrap creates only the model store and training resources" {
  run_cli deploy --bootstrap --auto-approve
  assert_status 0
  assert_calls <<'CALLS'
terraform -chdir=infra/envs/dev init -input=false
terraform -chdir=infra/envs/dev output -raw trainer_image_tag
terraform -chdir=infra/envs/dev apply -input=false -auto-approve -target=module.model_store -target=module.training
terraform -chdir=infra/envs/dev output -raw model_bucket_name
terraform -chdir=infra/envs/dev output -raw trainer_repository_url
CALLS
  assert_contains "$stderr" "publish-model --bucket triage-dev-models-123456789012"
  assert_contains "$stderr" "--classify-model <name>/<version> --email-model <name>/<version>"
}

@test "an unhealthy function fails the smoke test after the retries, before classify is called" {
  CLI_ENV+=('HEALTH_BODY={"status":"DOWN","reason":"model not found"}')
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 1
  assert_contains "$stderr" "smoke test failed: GET $API_URL/health"
  assert_contains "$stderr" "model not found"
  [[ "$(calls | grep -c '/health$')" == 2 ]]
  assert_not_contains "$(calls)" "/classify"
}

@test "a failing classify call fails the smoke test" {
  CLI_ENV+=(CLASSIFY_STATUS=500)
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 1
  assert_contains "$stderr" "smoke test failed: POST $API_URL/classify returned HTTP 500"
}

@test "a failing terraform apply stops before the smoke test" {
  stub terraform '[[ "$*" == *" apply "* ]] && exit 1; echo triage-dev-models-123456789012'
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 1
  assert_contains "$stderr" "terraform apply failed"
  assert_not_contains "$(calls)" "curl"
}

@test "--dry-run prints every command and runs none" {
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --auto-approve --dry-run
  assert_status 0
  assert_only_commands_on_stdout
  [[ "$output" == "+ terraform -chdir=infra/envs/dev init -input=false
+ terraform -chdir=infra/envs/dev output -raw trainer_image_tag
+ aws lambda get-account-settings --output json
+ terraform -chdir=infra/envs/dev output -raw model_bucket_name
+ aws s3 cp 's3://<model_bucket_name>/models/support-tickets/3/triage.json' -
+ aws s3 cp 's3://<model_bucket_name>/models/spam-minilm-finetuned/1/triage.json' -
+ terraform -chdir=infra/envs/dev apply -input=false -auto-approve -var function_zip=../../../src/function/target/function.zip -var function_flavour=jvm -var 'classify_model_uri=s3://<model_bucket_name>/models/support-tickets/3/' -var 'classify_model_sha256=<sha256 of s3://<model_bucket_name>/models/support-tickets/3/triage.json>' -var 'email_model_uri=s3://<model_bucket_name>/models/spam-minilm-finetuned/1/' -var 'email_model_sha256=<sha256 of s3://<model_bucket_name>/models/spam-minilm-finetuned/1/triage.json>' -var 'lambda_concurrency_quota=<concurrent_executions>'
+ terraform -chdir=infra/envs/dev output -raw snapstart_enabled
+ terraform -chdir=infra/envs/dev output -raw api_url
+ terraform -chdir=infra/envs/dev output -raw api_key_id
+ aws apigateway get-api-key --api-key '<api_key_id>' --include-value --query value --output text
+ terraform -chdir=infra/envs/dev output -raw api_authorization
+ curl -sS --max-time 60 -o '<response-file>' -w '%{http_code}' -X GET -H 'x-api-key: ***' '<api_url>/health'
+ curl -sS --max-time 60 -o '<response-file>' -w '%{http_code}' -X POST -H 'x-api-key: ***' -H 'content-type: application/json' --data-binary '{\"text\":\"Smoke test after deployment: I was charged twice for my subscription.\",\"topK\":1}' '<api_url>/classify'" ]]
  assert_no_calls
}

@test "a missing artifact fails (and says how to build it)" {
  rm "$REPO/src/function/target/function.zip"
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --native
  assert_status 1
  assert_contains "$stderr" "infra/bin/build --function-only --native"
  assert_not_contains "$(calls)" " apply "
}

@test "missing terraform is a clear error" {
  hide_tool terraform
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 1
  assert_contains "$stderr" "required tool 'terraform' is not installed"
  assert_no_calls
}

@test "missing curl is a clear error unless the smoke test is skipped" {
  hide_tool curl
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 1
  assert_contains "$stderr" "required tool 'curl'"
  assert_no_calls
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --skip-smoke-test
  assert_status 0
}

@test "no model is a usage error that points to --bootstrap" {
  run_cli deploy
  assert_status 2
  assert_contains "$stderr" "--bootstrap"
  assert_contains "$stderr" "--email-model"
  assert_no_calls
}

@test "a classify model without an e-mail model is a usage error naming --email-model" {
  run_cli deploy --classify-model support-tickets/3 --auto-approve
  assert_status 2
  assert_contains "$stderr" "--email-model NAME/VERSION (or --email-model-uri) is required"
  run_cli deploy --classify-model-uri s3://shared-models/models/a/1/ --skip-smoke-test --dry-run
  assert_status 2
  assert_contains "$stderr" "--email-model NAME/VERSION (or --email-model-uri) is required"
  assert_no_calls
}

@test "an e-mail model and a classify model may be given in different forms" {
  run_cli deploy --classify-model support-tickets/3 --email-model-uri s3://shared-models/models/spam-minilm-finetuned/1/ --skip-smoke-test
  assert_status 0
  assert_contains "$(calls)" "-var classify_model_uri=s3://triage-dev-models-123456789012/models/support-tickets/3/ -var classify_model_sha256=$(pin s3://triage-dev-models-123456789012/models/support-tickets/3/) -var email_model_uri=s3://shared-models/models/spam-minilm-finetuned/1/"
}

@test "a malformed model reference is a usage error" {
  run_cli deploy --classify-model support-tickets
  assert_status 2
  run_cli deploy --classify-model-uri s3://bucket/support-tickets/3/
  assert_status 2
  assert_no_calls
}

@test "an unknown environment fails" {
  run_cli deploy --env prod --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1
  assert_status 1
  assert_contains "$stderr" "environment 'prod' does not exist"
}

@test "--keep-versions must be a whole number from 1" {
  run_cli deploy --classify-model support-tickets/3 --email-model spam-minilm-finetuned/1 --keep-versions 0
  assert_status 2
  assert_no_calls
}

@test "an unknown flag is a usage error" {
  run_cli deploy --yes
  assert_status 2
  assert_no_calls
}
