#!/usr/bin/env bats
# infra/bin/publish-model: checksum verification, write-once uploads
# (If-None-Match: *), manifest uploaded last, verification after upload,
# promotion of a staged bundle.

load test_helper

# aws stub backed by a directory ($FAKE_S3/<bucket>/<key>): enough of
# `s3 cp` (also --recursive downloads), `s3api put-object` (with S3's 412 for
# --if-none-match on an existing key) and `s3api list-objects-v2`.
fake_s3_aws() {
  stub aws '
fake="'"$FAKE_S3"'"
if [[ "$1 $2" == "s3 cp" && " $* " == *" --recursive "* ]]; then
  src=${@: -2:1} dst=${@: -1}
  [[ -d "$fake/${src#s3://}" ]] || exit 0
  cp -r "$fake/${src#s3://}/." "$dst"
elif [[ "$1 $2" == "s3 cp" ]]; then
  src=${@: -2:1} dst=${@: -1}
  if [[ "$dst" == s3://* ]]; then
    mkdir -p "$fake/$(dirname "${dst#s3://}")" && cp "$src" "$fake/${dst#s3://}"
  else
    [[ -f "$fake/${src#s3://}" ]] || { echo "fatal error: 404 Not Found" >&2; exit 1; }
    cp "$fake/${src#s3://}" "$dst"
  fi
elif [[ "$1 $2" == "s3api put-object" ]]; then
  none_match=""
  while (($#)); do case $1 in --bucket) bucket=$2; shift ;; --key) key=$2; shift ;; --body) body=$2; shift ;; --if-none-match) none_match=$2; shift ;; esac; shift; done
  if [[ "$none_match" == "*" && -e "$fake/$bucket/$key" ]]; then
    echo "An error occurred (PreconditionFailed) when calling the PutObject operation: At least one of the pre-conditions you specified did not hold" >&2
    exit 254
  fi
  mkdir -p "$fake/$bucket/$(dirname "$key")" && cp "$body" "$fake/$bucket/$key"
  echo "{\"ETag\": \"\\\"0\\\"\"}"
elif [[ "$1 $2" == "s3api list-objects-v2" ]]; then
  while (($#)); do case $1 in --bucket) bucket=$2; shift ;; --prefix) prefix=$2; shift ;; --query) query=$2; shift ;; esac; shift; done
  keys=()
  if [[ -d "$fake/$bucket/$prefix" ]]; then
    for f in "$fake/$bucket/$prefix"*; do keys+=("$prefix$(basename "$f")"); done
  fi
  if [[ "$query" == length* ]]; then echo $(( ${#keys[@]} > 0 ? 1 : 0 )); else (IFS=$'"'"'\t'"'"'; echo "${keys[*]}"); fi
fi'
}

# make_bundle DIR: a bundle whose triage.json lists the right sha256 of each file.
make_bundle() {
  local dir=$1
  mkdir -p "$dir"
  printf 'onnx-bytes' >"$dir/model.onnx"
  printf '{"id2label":{"0":"billing","1":"bug"}}' >"$dir/config.json"
  printf '{"model":{"type":"WordPiece"}}' >"$dir/tokenizer.json"
  jq -n --arg m "$(sha256sum "$dir/model.onnx" | cut -d' ' -f1)" \
    --arg c "$(sha256sum "$dir/config.json" | cut -d' ' -f1)" \
    --arg t "$(sha256sum "$dir/tokenizer.json" | cut -d' ' -f1)" \
    '{format: "triage-bundle/1", name: "support-tickets", version: "3",
      files: {"model.onnx": $m, "config.json": $c, "tokenizer.json": $t}}' >"$dir/triage.json"
}

setup() {
  setup_sandbox
  FAKE_S3="$BATS_TEST_TMPDIR/s3"
  mkdir -p "$FAKE_S3/models-bucket"
  fake_s3_aws
  stub terraform 'echo models-bucket'
  BUNDLE="$BATS_TEST_TMPDIR/bundle"
  make_bundle "$BUNDLE"
}

@test "--help explains the checks and runs nothing" {
  run_cli publish-model --help
  assert_status 0
  assert_contains "$output" "Usage: infra/bin/publish-model"
  assert_contains "$output" "sha256"
  assert_contains "$output" "write-once"
  assert_contains "$output" "--from s3://<bucket>/staging/<name>/<version>/"
  assert_no_calls
}

@test "publishes the payload, then triage.json last, verifies, and prints the S3 URI" {
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 0
  assert_calls <<CALLS
aws s3api list-objects-v2 --bucket models-bucket --prefix models/support-tickets/3/ --max-items 1 --query 'length(Contents || \`[]\`)' --output text
aws s3api put-object --bucket models-bucket --key models/support-tickets/3/model.onnx --body $BUNDLE/model.onnx --if-none-match '*'
aws s3api put-object --bucket models-bucket --key models/support-tickets/3/config.json --body $BUNDLE/config.json --if-none-match '*'
aws s3api put-object --bucket models-bucket --key models/support-tickets/3/tokenizer.json --body $BUNDLE/tokenizer.json --if-none-match '*'
aws s3api put-object --bucket models-bucket --key models/support-tickets/3/triage.json --body $BUNDLE/triage.json --if-none-match '*'
aws s3 cp --only-show-errors s3://models-bucket/models/support-tickets/3/triage.json <tmp>
aws s3api list-objects-v2 --bucket models-bucket --prefix models/support-tickets/3/ --query 'Contents[].Key' --output text
CALLS
  [[ "$output" == "s3://models-bucket/models/support-tickets/3/" ]]
  cmp "$BUNDLE/model.onnx" "$FAKE_S3/models-bucket/models/support-tickets/3/model.onnx"
  cmp "$BUNDLE/triage.json" "$FAKE_S3/models-bucket/models/support-tickets/3/triage.json"
  assert_contains "$stderr" "sha256 of its triage.json: $(sha256sum "$BUNDLE/triage.json" | cut -d' ' -f1)"
}

@test "the bucket defaults to the environment's model_bucket_name output" {
  run_cli publish-model "$BUNDLE"
  assert_status 0
  [[ "$(calls | head -n 1)" == "terraform -chdir=infra/envs/dev output -raw model_bucket_name" ]]
  [[ "$output" == "s3://models-bucket/models/support-tickets/3/" ]]
}

@test "TRIAGE_MODEL_BUCKET is used without asking terraform" {
  CLI_ENV=(TRIAGE_MODEL_BUCKET=models-bucket)
  run_cli publish-model "$BUNDLE"
  assert_status 0
  assert_not_contains "$(calls)" "terraform"
}

@test "a checksum mismatch is refused before anything is uploaded" {
  printf 'tampered' >>"$BUNDLE/model.onnx"
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "refusing to publish"
  assert_contains "$stderr" "model.onnx: sha256 is"
  assert_no_calls
  [[ ! -e "$FAKE_S3/models-bucket/models" ]]
}

# Each file goes up in one PutObject (multipart cannot carry If-None-Match): at most 5 GB.
@test "a file over S3's 5 GB single-upload limit is refused before anything is uploaded" {
  truncate -s 5368709121 "$BUNDLE/model.onnx" # sparse: no disk space used
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "model.onnx: 5368709121 bytes, over the 5368709120 bytes (5 GB) S3 accepts in one PutObject"
  assert_no_calls
}

@test "a file listed in triage.json but missing is refused" {
  rm "$BUNDLE/tokenizer.json"
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "tokenizer.json: missing"
  assert_no_calls
}

@test "a triage.json that does not list model.onnx is refused" {
  jq 'del(.files["model.onnx"])' "$BUNDLE/triage.json" >"$BUNDLE/t" && mv "$BUNDLE/t" "$BUNDLE/triage.json"
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "does not list model.onnx"
}

@test "an existing version is refused, and nothing is uploaded" {
  mkdir -p "$FAKE_S3/models-bucket/models/support-tickets/3"
  printf 'old' >"$FAKE_S3/models-bucket/models/support-tickets/3/model.onnx"
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "already exists: published versions are write-once"
  assert_not_contains "$(calls)" "put-object"
  [[ "$(cat "$FAKE_S3/models-bucket/models/support-tickets/3/model.onnx")" == old ]]
}

# A version published by someone else between the check and the upload: S3
# refuses the conditional write (412) and nothing is overwritten.
@test "a version written while publishing is not overwritten (412 from S3)" {
  fake_s3_aws
  stub aws '
fake="'"$FAKE_S3"'"
if [[ "$1 $2" == "s3api list-objects-v2" ]]; then echo 0; exit 0; fi
if [[ "$1 $2" == "s3api put-object" ]]; then
  echo "An error occurred (PreconditionFailed) when calling the PutObject operation: At least one of the pre-conditions you specified did not hold" >&2
  exit 254
fi'
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "s3://models-bucket/models/support-tickets/3/model.onnx already exists (written while this ran): published versions are write-once"
  [[ "$(calls | grep -c put-object)" == 1 ]]
}

@test "--force is refused: versions are write-once" {
  run_cli publish-model --bucket models-bucket --force "$BUNDLE"
  assert_status 2
  assert_contains "$stderr" "write-once"
  assert_no_calls
}

# The training job writes staging/ only; publishing promotes its bundle.
@test "--from promotes a staged bundle after checking it" {
  mkdir -p "$FAKE_S3/models-bucket/staging/support-tickets/3/report"
  cp "$BUNDLE"/* "$FAKE_S3/models-bucket/staging/support-tickets/3/"
  printf '{}' >"$FAKE_S3/models-bucket/staging/support-tickets/3/report/metrics.json"
  run_cli publish-model --from s3://models-bucket/staging/support-tickets/3/
  assert_status 0
  [[ "$output" == "s3://models-bucket/models/support-tickets/3/" ]]
  [[ "$(calls | head -n 1)" == "aws s3 cp --only-show-errors --recursive s3://models-bucket/staging/support-tickets/3/ <tmp>" ]]
  cmp "$BUNDLE/model.onnx" "$FAKE_S3/models-bucket/models/support-tickets/3/model.onnx"
  cmp "$BUNDLE/triage.json" "$FAKE_S3/models-bucket/models/support-tickets/3/triage.json"
  [[ ! -e "$FAKE_S3/models-bucket/models/support-tickets/3/report" ]]
}

@test "--from refuses a staged bundle whose files do not match triage.json" {
  mkdir -p "$FAKE_S3/models-bucket/staging/support-tickets/3"
  cp "$BUNDLE"/* "$FAKE_S3/models-bucket/staging/support-tickets/3/"
  printf 'tampered' >>"$FAKE_S3/models-bucket/staging/support-tickets/3/model.onnx"
  run_cli publish-model --from s3://models-bucket/staging/support-tickets/3/
  assert_status 1
  assert_contains "$stderr" "model.onnx: sha256 is"
  [[ ! -e "$FAKE_S3/models-bucket/models" ]]
}

@test "--from must name a staged bundle of the model store" {
  run_cli publish-model --from s3://models-bucket/models/support-tickets/3/
  assert_status 2
  assert_contains "$stderr" "s3://<bucket>/staging/<name>/<version>/"
  run_cli publish-model --bucket other-bucket --from s3://models-bucket/staging/support-tickets/3/
  assert_status 2
  run_cli publish-model --from s3://models-bucket/staging/support-tickets/3/ "$BUNDLE"
  assert_status 2
  assert_no_calls
}

@test "--name and --version override the destination" {
  run_cli publish-model --bucket models-bucket --name support-tickets-eu --version 3.1 "$BUNDLE"
  assert_status 0
  [[ "$output" == "s3://models-bucket/models/support-tickets-eu/3.1/" ]]
  assert_contains "$stderr" "although triage.json says support-tickets/3"
}

@test "a numeric version in triage.json is read as text" {
  jq '.version = 12' "$BUNDLE/triage.json" >"$BUNDLE/t" && mv "$BUNDLE/t" "$BUNDLE/triage.json"
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 0
  [[ "$output" == "s3://models-bucket/models/support-tickets/12/" ]]
}

@test "an unsafe version is refused" {
  run_cli publish-model --bucket models-bucket --version ../4 "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "invalid bundle version"
  assert_no_calls
}

@test "a manifest that does not read back identically fails the verification" {
  stub aws '
if [[ "$1 $2" == "s3 cp" && "${@: -1}" != s3://* ]]; then printf "{}" >"${@: -1}"; fi
if [[ "$1 $2" == "s3api list-objects-v2" ]]; then echo 0; fi
exit 0'
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "verification failed"
}

@test "--dry-run checks the bundle, prints the commands and uploads nothing" {
  run_cli publish-model --bucket models-bucket --dry-run "$BUNDLE"
  assert_status 0
  assert_only_commands_on_stdout
  assert_contains "$output" "+ aws s3api put-object --bucket models-bucket --key models/support-tickets/3/triage.json --body $BUNDLE/triage.json --if-none-match '*'"
  [[ "$(printf '%s\n' "$output" | grep -c '^+ aws s3api put-object')" == 4 ]]
  assert_no_calls
  [[ ! -e "$FAKE_S3/models-bucket/models" ]]
}

@test "--dry-run still refuses a checksum mismatch" {
  printf 'tampered' >>"$BUNDLE/config.json"
  run_cli publish-model --bucket models-bucket --dry-run "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "config.json: sha256 is"
}

@test "missing jq is a clear error" {
  hide_tool jq
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "required tool 'jq'"
  assert_no_calls
}

@test "missing aws is a clear error" {
  hide_tool aws
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "required tool 'aws'"
}

@test "a directory without triage.json is refused" {
  rm "$BUNDLE/triage.json"
  run_cli publish-model --bucket models-bucket "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "triage.json is missing"
}

@test "no bundle directory is a usage error" {
  run_cli publish-model --bucket models-bucket
  assert_status 2
  assert_contains "$stderr" "missing BUNDLE_DIR"
}

@test "an unknown flag is a usage error" {
  run_cli publish-model --overwrite "$BUNDLE"
  assert_status 2
  assert_no_calls
}

@test "without --bucket, TRIAGE_MODEL_BUCKET or terraform, the error names the variable" {
  hide_tool terraform
  run_cli publish-model "$BUNDLE"
  assert_status 1
  assert_contains "$stderr" "TRIAGE_MODEL_BUCKET"
  assert_no_calls
}
