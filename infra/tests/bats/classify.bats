#!/usr/bin/env bats
# infra/bin/classify: one text or a file of texts (batches of <= 32) to POST /classify.

load test_helper

API_URL=https://abc123.execute-api.eu-west-1.amazonaws.com/v1
API_KEY=s3cr3t-api-key-value

setup() {
  setup_sandbox
  BODIES="$BATS_TEST_TMPDIR/bodies"
  mkdir -p "$BODIES"
  # curl stub: saves each request body as bodies/<n>.json and answers STATUS.
  stub curl '
out=""; prev=""; body=""
for a in "$@"; do
  [[ "$prev" == -o ]] && out=$a
  [[ "$prev" == --data-binary ]] && body=$a
  prev=$a
done
n=$(find "'"$BODIES"'" -name "*.json" | wc -l)
printf "%s" "$body" >"'"$BODIES"'/$((n + 1)).json"
if [[ "${STATUS:-200}" == 200 ]]; then
  printf "{\"results\":[{\"label\":\"billing\",\"score\":0.9}]}" >"$out"
else
  printf "{\"message\":\"Request Entity Too Large\"}" >"$out"
fi
printf "%s" "${STATUS:-200}"'
  stub terraform '
case "$*" in
  *"output -raw api_url") echo '"$API_URL"' ;;
  *"output -raw api_key_id") echo k3y1d ;;
esac'
  stub aws "echo $API_KEY"
  CLI_ENV=(TRIAGE_API_URL="$API_URL" TRIAGE_API_KEY="$API_KEY")
}

@test "--help explains the options and runs nothing" {
  run_cli classify --help
  assert_status 0
  assert_contains "$output" "Usage: infra/bin/classify"
  assert_contains "$output" "--file"
  assert_contains "$output" "--top-k"
  assert_no_calls
}

@test "classifies one text and prints the JSON response" {
  run_cli classify --top-k 2 "I was charged twice"
  assert_status 0
  assert_calls <<CALLS
curl -sS --max-time 60 -o <tmp> -w '%{http_code}' -X POST -H 'content-type: application/json' -H 'x-api-key: $API_KEY' --data-binary '{"text":"I was charged twice","topK":2}' $API_URL/classify
CALLS
  [[ "$(jq -r '.results[0].label' <<<"$output")" == billing ]]
}

# An API with AWS_IAM authorization: SigV4 with the caller's credentials, the key still sent.
@test "--sigv4 signs each request with the caller's AWS credentials, secret and token masked" {
  CLI_ENV+=(AWS_ACCESS_KEY_ID=AKIAEXAMPLE AWS_SECRET_ACCESS_KEY=very-secret AWS_SESSION_TOKEN=session-token)
  run_cli classify --sigv4 "I was charged twice"
  assert_status 0
  assert_calls <<CALLS
curl -sS --max-time 60 -o <tmp> -w '%{http_code}' -X POST -H 'content-type: application/json' -H 'x-api-key: $API_KEY' --aws-sigv4 aws:amz:eu-west-1:execute-api --user AKIAEXAMPLE:very-secret -H 'x-amz-security-token: session-token' --data-binary '{"text":"I was charged twice"}' $API_URL/classify
CALLS
  run_cli classify --sigv4 --dry-run "I was charged twice"
  assert_status 0
  assert_contains "$output" "--user 'AKIAEXAMPLE:***' -H 'x-amz-security-token: ***'"
  assert_not_contains "$output" "very-secret"
}

@test "--sigv4 takes the credentials from aws configure export-credentials when none are set" {
  stub aws '[[ "$*" == "configure export-credentials --format process" ]] && echo "{\"Version\":1,\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"from-cli\",\"SessionToken\":\"tok\"}"'
  CLI_ENV+=(TRIAGE_API_AUTH=AWS_IAM)
  run_cli classify "I was charged twice"
  assert_status 0
  assert_contains "$(calls)" "--aws-sigv4 aws:amz:eu-west-1:execute-api --user ASIAEXAMPLE:from-cli -H 'x-amz-security-token: tok'"
}

@test "texts with quotes and without --top-k are encoded as JSON" {
  run_cli classify "it's \"broken\""
  assert_status 0
  [[ "$(cat "$BODIES/1.json")" == '{"text":"it'"'"'s \"broken\""}' ]]
}

@test "--file sends non-empty lines in batches of at most 32" {
  { seq 1 40 | sed 's/^/ticket /'; printf '\n   \n'; seq 41 70 | sed 's/^/ticket /'; } >"$BATS_TEST_TMPDIR/texts.txt"
  run_cli classify --file "$BATS_TEST_TMPDIR/texts.txt" --top-k 3
  assert_status 0
  [[ "$(find "$BODIES" -name '*.json' | wc -l)" == 3 ]]
  [[ "$(jq '.texts | length' "$BODIES/1.json")" == 32 ]]
  [[ "$(jq '.texts | length' "$BODIES/2.json")" == 32 ]]
  [[ "$(jq '.texts | length' "$BODIES/3.json")" == 6 ]]
  [[ "$(jq -r '.texts[0]' "$BODIES/1.json")" == "ticket 1" ]]
  [[ "$(jq -r '.texts[5]' "$BODIES/3.json")" == "ticket 70" ]]
  [[ "$(jq '.topK' "$BODIES/2.json")" == 3 ]]
}

@test "URL and key come from terraform outputs and aws when not set" {
  CLI_ENV=()
  run_cli classify "hello"
  assert_status 0
  assert_calls <<CALLS
terraform -chdir=infra/envs/dev output -raw api_url
terraform -chdir=infra/envs/dev output -raw api_key_id
aws apigateway get-api-key --api-key k3y1d --include-value --query value --output text
curl -sS --max-time 60 -o <tmp> -w '%{http_code}' -X POST -H 'content-type: application/json' -H 'x-api-key: $API_KEY' --data-binary '{"text":"hello"}' $API_URL/classify
CALLS
  assert_not_contains "$stderr" "$API_KEY"
}

@test "an HTTP error (413) fails with the status and the API's message" {
  CLI_ENV+=(STATUS=413)
  run_cli classify "$(printf 'x%.0s' {1..100})"
  assert_status 1
  assert_contains "$stderr" "returned HTTP 413"
  assert_contains "$stderr" "Request Entity Too Large"
}

@test "--dry-run prints the request, with the key masked, and sends nothing" {
  run_cli classify --top-k 1 --dry-run "hello"
  assert_status 0
  assert_only_commands_on_stdout
  [[ "$output" == "+ curl -sS --max-time 60 -o '<response-file>' -w '%{http_code}' -X POST -H 'content-type: application/json' -H 'x-api-key: ***' --data-binary '{\"text\":\"hello\",\"topK\":1}' $API_URL/classify" ]]
  assert_no_calls
}

@test "missing curl is a clear error" {
  hide_tool curl
  run_cli classify "hello"
  assert_status 1
  assert_contains "$stderr" "required tool 'curl'"
}

@test "a file with no text fails" {
  printf '\n  \n' >"$BATS_TEST_TMPDIR/empty.txt"
  run_cli classify --file "$BATS_TEST_TMPDIR/empty.txt"
  assert_status 1
  assert_no_calls
}

@test "usage errors: nothing to classify, text and --file, bad --top-k, unknown flag" {
  run_cli classify
  assert_status 2
  printf 'a\n' >"$BATS_TEST_TMPDIR/t.txt"
  run_cli classify --file "$BATS_TEST_TMPDIR/t.txt" "hello"
  assert_status 2
  run_cli classify --top-k 0 "hello"
  assert_status 2
  run_cli classify --top-k two "hello"
  assert_status 2
  run_cli classify --verbose "hello"
  assert_status 2
  assert_no_calls
}

@test "without TRIAGE_API_URL/TRIAGE_API_KEY and without terraform, the error names the variables" {
  CLI_ENV=()
  hide_tool terraform
  run_cli classify "hello"
  assert_status 1
  assert_contains "$stderr" "required tool 'terraform'"
  assert_contains "$stderr" "TRIAGE_API_URL"
  assert_contains "$stderr" "TRIAGE_API_KEY"
  assert_no_calls
}
