#!/usr/bin/env bats
# infra/bin/deploy: terraform init/apply with the chosen artifact and models,
# then the smoke test (GET /health, POST /classify).

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
  stub aws "echo $API_KEY"
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
terraform -chdir=infra/envs/dev output -raw model_bucket_name
terraform -chdir=infra/envs/dev apply -input=false -auto-approve -var function_zip=../../../src/function/target/function.zip -var function_flavour=jvm -var classify_model_uri=s3://triage-dev-models-123456789012/models/support-tickets/3/ -var email_model_uri=s3://triage-dev-models-123456789012/models/spam-minilm-finetuned/1/
terraform -chdir=infra/envs/dev output -raw api_url
terraform -chdir=infra/envs/dev output -raw api_key_id
aws apigateway get-api-key --api-key k3y1d --include-value --query value --output text
curl -sS --max-time 60 -o <tmp> -w '%{http_code}' -X GET -H 'x-api-key: $API_KEY' $API_URL/health
curl -sS --max-time 60 -o <tmp> -w '%{http_code}' -X POST -H 'x-api-key: $API_KEY' -H 'content-type: application/json' --data-binary '{"text":"Smoke test after deployment: I was charged twice for my subscription.","topK":1}' $API_URL/classify
CALLS
  assert_contains "$stderr" "GET /health: UP"
  assert_contains "$stderr" "billing"
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
  assert_calls <<'CALLS'
terraform -chdir=infra/envs/dev init -input=false
terraform -chdir=infra/envs/dev apply -input=false -var trainer_image_tag=0f1e2d3 -var function_zip=../../../dist/function-native.zip -var function_flavour=native -var classify_model_uri=s3://my-models/models/support-tickets/3/ -var email_model_uri=s3://my-models/models/spam-minilm-finetuned/1/
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
  assert_contains "$(calls)" "-var classify_model_uri=s3://shared-models/models/a/1/ -var email_model_uri=s3://shared-models/models/spam-minilm-finetuned/1/"
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
+ terraform -chdir=infra/envs/dev output -raw model_bucket_name
+ terraform -chdir=infra/envs/dev apply -input=false -auto-approve -var function_zip=../../../src/function/target/function.zip -var function_flavour=jvm -var 'classify_model_uri=s3://<model_bucket_name>/models/support-tickets/3/' -var 'email_model_uri=s3://<model_bucket_name>/models/spam-minilm-finetuned/1/'
+ terraform -chdir=infra/envs/dev output -raw api_url
+ terraform -chdir=infra/envs/dev output -raw api_key_id
+ aws apigateway get-api-key --api-key '<api_key_id>' --include-value --query value --output text
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
  assert_contains "$(calls)" "-var classify_model_uri=s3://triage-dev-models-123456789012/models/support-tickets/3/ -var email_model_uri=s3://shared-models/models/spam-minilm-finetuned/1/"
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

@test "an unknown flag is a usage error" {
  run_cli deploy --yes
  assert_status 2
  assert_no_calls
}
