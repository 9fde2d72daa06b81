#!/usr/bin/env bats
# infra/bin/train: AWS Batch submission, or a local run of the trainer jar.

load test_helper

setup() {
  setup_sandbox
  stub terraform '
case "$*" in
  *"output -raw model_bucket_name") echo triage-dev-models-123456789012 ;;
  *"output -raw training_job_queue_name") echo triage-dev-training ;;
  *"output -raw training_job_definition_name") echo "${JOB_DEFINITION-triage-dev-train}" ;;
esac'
  stub aws '
case "$1 $2" in
  "batch submit-job") echo 4f1c-job-id ;;
  "s3api list-objects-v2") echo "${PUBLISHED:-0}" ;;
esac
exit 0'
  stub java
  RECIPE="$BATS_TEST_TMPDIR/recipe.yaml"
  printf 'base: minilm\nepochs: 3\n' >"$RECIPE"
}

@test "--help explains the options and runs nothing" {
  run_cli train --help
  assert_status 0
  assert_contains "$output" "Usage: infra/bin/train"
  assert_contains "$output" "--local"
  assert_contains "$output" "--training-dir URI"
  assert_contains "$output" "--auto-resume"
  assert_no_calls
}

@test "submits a Batch job with recipe, output and checkpoint parameters" {
  run_cli train --recipe s3://triage-dev-models-123456789012/recipes/tickets.yaml --name support-tickets --version 4
  assert_status 0
  assert_calls <<'CALLS'
terraform -chdir=infra/envs/dev output -raw model_bucket_name
aws s3api list-objects-v2 --bucket triage-dev-models-123456789012 --prefix models/support-tickets/4/ --max-items 1 --query 'length(Contents || `[]`)' --output text
terraform -chdir=infra/envs/dev output -raw training_job_queue_name
terraform -chdir=infra/envs/dev output -raw training_job_definition_name
aws batch submit-job --job-name triage-train-support-tickets-4 --job-queue triage-dev-training --job-definition triage-dev-train --parameters '{"recipe":"s3://triage-dev-models-123456789012/recipes/tickets.yaml","out":"s3://triage-dev-models-123456789012/staging/support-tickets/4/","training":"s3://triage-dev-models-123456789012/training/support-tickets/4/"}' --query jobId --output text
CALLS
  [[ "$output" == "4f1c-job-id" ]]
  assert_contains "$stderr" "checkpoints: s3://triage-dev-models-123456789012/training/support-tickets/4/"
  assert_contains "$stderr" "infra/bin/publish-model --from s3://triage-dev-models-123456789012/staging/support-tickets/4/"
}

@test "a version that is already published is refused before submitting" {
  CLI_ENV=(PUBLISHED=1)
  run_cli train --recipe s3://triage-dev-models-123456789012/recipes/tickets.yaml --name support-tickets --version 4
  assert_status 1
  assert_contains "$stderr" "s3://triage-dev-models-123456789012/models/support-tickets/4/ is already published (versions are write-once)"
  assert_not_contains "$(calls)" "submit-job"
}

@test "a local recipe is uploaded to recipes/ first" {
  run_cli train --recipe "$RECIPE" --name support-tickets --version 4.1
  assert_status 0
  assert_calls <<CALLS
terraform -chdir=infra/envs/dev output -raw model_bucket_name
aws s3api list-objects-v2 --bucket triage-dev-models-123456789012 --prefix models/support-tickets/4.1/ --max-items 1 --query 'length(Contents || \`[]\`)' --output text
aws s3 cp --only-show-errors $RECIPE s3://triage-dev-models-123456789012/recipes/recipe.yaml
terraform -chdir=infra/envs/dev output -raw training_job_queue_name
terraform -chdir=infra/envs/dev output -raw training_job_definition_name
aws batch submit-job --job-name triage-train-support-tickets-4-1 --job-queue triage-dev-training --job-definition triage-dev-train --parameters '{"recipe":"s3://triage-dev-models-123456789012/recipes/recipe.yaml","out":"s3://triage-dev-models-123456789012/staging/support-tickets/4.1/","training":"s3://triage-dev-models-123456789012/training/support-tickets/4.1/"}' --query jobId --output text
CALLS
}

@test "without a registered trainer image the submission is refused with the way out" {
  CLI_ENV=(JOB_DEFINITION=)
  run_cli train --recipe s3://b/recipes/r.yaml --name support-tickets --version 4
  assert_status 1
  assert_contains "$stderr" "no trainer job definition yet"
  assert_contains "$stderr" "--trainer-tag"
  assert_not_contains "$(calls)" "submit-job"
}

@test "--out outside staging/ is a usage error (the job role cannot write models/)" {
  run_cli train --recipe s3://b/recipes/r.yaml --out s3://b/tmp/x/ --training-dir s3://b/training/x/
  assert_status 2
  run_cli train --recipe s3://my-models/recipes/r.yaml --out s3://my-models/models/x/1/ --training-dir s3://my-models/training/x/
  assert_status 2
  assert_contains "$stderr" "under staging/"
  assert_no_calls
}

@test "--out with --training-dir submits both as given" {
  run_cli train --recipe s3://my-models/recipes/r.yaml --out s3://my-models/staging/support-tickets/6/ --training-dir s3://my-models/training/support-tickets/6-try2/
  assert_status 0
  assert_calls <<'CALLS'
aws s3api list-objects-v2 --bucket my-models --prefix models/support-tickets/6/ --max-items 1 --query 'length(Contents || `[]`)' --output text
terraform -chdir=infra/envs/dev output -raw training_job_queue_name
terraform -chdir=infra/envs/dev output -raw training_job_definition_name
aws batch submit-job --job-name triage-train-support-tickets-6 --job-queue triage-dev-training --job-definition triage-dev-train --parameters '{"recipe":"s3://my-models/recipes/r.yaml","out":"s3://my-models/staging/support-tickets/6/","training":"s3://my-models/training/support-tickets/6-try2/"}' --query jobId --output text
CALLS
}

@test "--out without --training-dir is a usage error that says what to add" {
  run_cli train --recipe s3://my-models/recipes/r.yaml --out s3://my-models/staging/support-tickets/6/
  assert_status 2
  assert_contains "$stderr" "with --out, give --training-dir s3://<bucket>/training/<path>/ too"
  assert_no_calls
}

@test "--training-dir outside training/ or outside the model store is a usage error" {
  run_cli train --recipe s3://my-models/recipes/r.yaml --name a --version 1 --model-bucket my-models --training-dir s3://my-models/models/a/1/
  assert_status 2
  assert_contains "$stderr" "--training-dir must be s3://<bucket>/training/<path>/"
  run_cli train --recipe s3://my-models/recipes/r.yaml --name a --version 1 --model-bucket my-models --training-dir s3://my-models/training/a/1
  assert_status 2
  run_cli train --recipe s3://my-models/recipes/r.yaml --out s3://my-models/staging/a/1/ --training-dir s3://other-bucket/training/a/1/
  assert_status 2
  assert_contains "$stderr" "--training-dir must be in the model store bucket 'my-models'"
  assert_no_calls
}

@test "--local runs the trainer jar (path from TRIAGE_TRAINER_JAR)" {
  printf 'jar' >"$BATS_TEST_TMPDIR/trainer.jar"
  CLI_ENV=(TRIAGE_TRAINER_JAR="$BATS_TEST_TMPDIR/trainer.jar")
  run_cli train --local --recipe "$RECIPE" --out "$BATS_TEST_TMPDIR/out"
  assert_status 0
  assert_calls <<CALLS
java -jar $BATS_TEST_TMPDIR/trainer.jar train --recipe $RECIPE --out $BATS_TEST_TMPDIR/out
CALLS
}

@test "--local with name/version writes to the model store's staging prefix" {
  mkdir -p "$REPO/src/trainer/target"
  printf 'jar' >"$REPO/src/trainer/target/triage-trainer.jar"
  run_cli train --local --recipe "$RECIPE" --name support-tickets --version 5 --model-bucket my-models
  assert_status 0
  assert_calls <<CALLS
java -jar src/trainer/target/triage-trainer.jar train --recipe $RECIPE --out s3://my-models/staging/support-tickets/5/
CALLS
}

@test "--local passes --training-dir on when given" {
  printf 'jar' >"$BATS_TEST_TMPDIR/trainer.jar"
  CLI_ENV=(TRIAGE_TRAINER_JAR="$BATS_TEST_TMPDIR/trainer.jar")
  run_cli train --local --recipe "$RECIPE" --name support-tickets --version 5 --model-bucket my-models --training-dir s3://my-models/training/support-tickets/5/
  assert_status 0
  assert_calls <<CALLS
java -jar $BATS_TEST_TMPDIR/trainer.jar train --recipe $RECIPE --out s3://my-models/staging/support-tickets/5/ --training-dir s3://my-models/training/support-tickets/5/
CALLS
}

@test "--local without the jar fails and says how to build it" {
  run_cli train --local --recipe "$RECIPE" --out "$BATS_TEST_TMPDIR/out"
  assert_status 1
  assert_contains "$stderr" "trainer jar 'src/trainer/target/triage-trainer.jar' not found"
  assert_contains "$stderr" "TRIAGE_TRAINER_JAR"
  assert_no_calls
}

@test "--local without java is a clear error" {
  hide_tool java
  run_cli train --local --recipe "$RECIPE" --out "$BATS_TEST_TMPDIR/out"
  assert_status 1
  assert_contains "$stderr" "required tool 'java'"
}

@test "--dry-run prints every command and runs none" {
  run_cli train --recipe "$RECIPE" --name support-tickets --version 4 --model-bucket my-models --dry-run
  assert_status 0
  assert_only_commands_on_stdout
  [[ "$output" == "+ aws s3api list-objects-v2 --bucket my-models --prefix models/support-tickets/4/ --max-items 1 --query 'length(Contents || \`[]\`)' --output text
+ aws s3 cp --only-show-errors $RECIPE s3://my-models/recipes/recipe.yaml
+ terraform -chdir=infra/envs/dev output -raw training_job_queue_name
+ terraform -chdir=infra/envs/dev output -raw training_job_definition_name
+ aws batch submit-job --job-name triage-train-support-tickets-4 --job-queue '<training_job_queue_name>' --job-definition '<training_job_definition_name>' --parameters '{\"recipe\":\"s3://my-models/recipes/recipe.yaml\",\"out\":\"s3://my-models/staging/support-tickets/4/\",\"training\":\"s3://my-models/training/support-tickets/4/\"}' --query jobId --output text" ]]
  assert_no_calls
}

@test "missing aws is a clear error" {
  hide_tool aws
  run_cli train --recipe s3://b/recipes/r.yaml --name a --version 1 --model-bucket b
  assert_status 1
  assert_contains "$stderr" "required tool 'aws'"
}

@test "a missing recipe file fails" {
  run_cli train --recipe "$BATS_TEST_TMPDIR/nope.yaml" --name a --version 1
  assert_status 1
  assert_contains "$stderr" "does not exist"
}

@test "missing --recipe or --name/--version are usage errors" {
  run_cli train --name a --version 1
  assert_status 2
  run_cli train --recipe s3://b/recipes/r.yaml --name a
  assert_status 2
  run_cli train --recipe s3://b/recipes/r.yaml --gpu
  assert_status 2
  assert_no_calls
}
