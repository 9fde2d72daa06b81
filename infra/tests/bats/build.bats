#!/usr/bin/env bats
# infra/bin/build: function zip (JVM / native) and trainer image.

load test_helper

setup() {
  setup_sandbox
  stub mvnw
  # docker login reads the password from stdin: keep it to check the pipe.
  stub docker '[[ "$1" == login ]] && cat >"'"$BATS_TEST_TMPDIR"'/docker-login-stdin"; exit 0'
  stub git 'echo abc1234'
  stub terraform 'echo 123456789012.dkr.ecr.eu-west-1.amazonaws.com/triage-dev-trainer'
  stub aws 'echo ecr-password'
}

@test "--help explains the options and runs nothing" {
  run_cli build --help
  assert_status 0
  assert_contains "$output" "Usage: infra/bin/build"
  assert_contains "$output" "--native"
  assert_contains "$output" "--trainer-only"
  assert_contains "$output" "--dry-run"
  assert_no_calls
}

@test "default build: JVM function zip, then trainer image tagged with the git commit" {
  run_cli build
  assert_status 0
  assert_calls <<'CALLS'
mvnw -B -pl src/function -am package -DskipTests -Dtriage.models=none
git rev-parse --short HEAD
docker build --platform linux/amd64 -f src/trainer/Dockerfile -t triage-trainer:abc1234 .
CALLS
  assert_contains "$output" "triage-trainer:abc1234"
}

@test "--function-only --native uses native-image when it is on PATH" {
  stub native-image
  run_cli build --function-only --native
  assert_status 0
  assert_calls <<'CALLS'
mvnw -B -pl src/function -am package -DskipTests -Dtriage.models=none -Dnative
CALLS
}

@test "--native without native-image builds in a docker container" {
  run_cli build --function-only --native
  assert_status 0
  assert_calls <<'CALLS'
mvnw -B -pl src/function -am package -DskipTests -Dtriage.models=none -Dnative -Dquarkus.native.container-build=true
CALLS
}

@test "--native with podman only uses podman as the container runtime" {
  hide_tool docker
  stub podman
  run_cli build --function-only --native
  assert_status 0
  assert_calls <<'CALLS'
mvnw -B -pl src/function -am package -DskipTests -Dtriage.models=none -Dnative -Dquarkus.native.container-build=true -Dquarkus.native.container-runtime=podman
CALLS
}

@test "--native with neither native-image nor a container runtime fails and says what is missing" {
  hide_tool docker
  run_cli build --function-only --native
  assert_status 1
  assert_contains "$stderr" "native-image"
  assert_contains "$stderr" "docker"
  assert_contains "$stderr" "podman"
  assert_no_calls
}

@test "a build that produces no function.zip fails" {
  rm "$REPO/src/function/target/function.zip"
  run_cli build --function-only
  assert_status 1
  assert_contains "$stderr" "function.zip was not produced"
}

@test "a failing Maven build fails the script" {
  stub mvnw 'exit 1'
  run_cli build
  assert_status 1
  assert_not_contains "$(calls)" "docker"
}

@test "--trainer-only --push logs in to the environment's ECR repository and pushes" {
  run_cli build --trainer-only --push --tag v7
  assert_status 0
  # The two sides of the login pipe run concurrently: their order is not fixed.
  [[ "$(calls | sed -n 1,2p)" == "terraform -chdir=infra/envs/dev output -raw trainer_repository_url
docker build --platform linux/amd64 -f src/trainer/Dockerfile -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/triage-dev-trainer:v7 ." ]]
  [[ "$(calls | sed -n 3,4p | sort)" == "aws ecr get-login-password --region eu-west-1
docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com" ]]
  [[ "$(calls | sed -n '5,$p')" == "docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/triage-dev-trainer:v7" ]]
  [[ "$(cat "$BATS_TEST_TMPDIR/docker-login-stdin")" == ecr-password ]]
}

@test "--dry-run prints every command and runs none" {
  run_cli build --native --push --tag v7 --repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/triage-dev-trainer --dry-run
  assert_status 0
  assert_only_commands_on_stdout
  [[ "$output" == "+ $STUBS/mvnw -B -pl src/function -am package -DskipTests -Dtriage.models=none -Dnative -Dquarkus.native.container-build=true
+ docker build --platform linux/amd64 -f src/trainer/Dockerfile -t 123456789012.dkr.ecr.eu-west-1.amazonaws.com/triage-dev-trainer:v7 .
+ aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com
+ docker push 123456789012.dkr.ecr.eu-west-1.amazonaws.com/triage-dev-trainer:v7" ]]
  assert_no_calls
}

@test "missing docker for the trainer image is a clear error" {
  hide_tool docker
  run_cli build --trainer-only --tag v1
  assert_status 1
  assert_contains "$stderr" "required tool 'docker' is not installed"
  assert_no_calls
}

@test "missing aws for --push is a clear error" {
  hide_tool aws
  run_cli build --trainer-only --push --tag v1 --repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/t
  assert_status 1
  assert_contains "$stderr" "required tool 'aws'"
}

@test "an unknown flag is a usage error (exit 2)" {
  run_cli build --fast
  assert_status 2
  assert_contains "$stderr" "unknown argument '--fast'"
  assert_no_calls
}

@test "--function-only and --trainer-only together are a usage error" {
  run_cli build --function-only --trainer-only
  assert_status 2
  assert_no_calls
}

@test "the tag 'latest' is refused (ECR tags are immutable)" {
  run_cli build --trainer-only --tag latest
  assert_status 2
  assert_no_calls
}

@test "--models picks the built-in models of the function zip" {
  run_cli build --function-only --models emotion
  assert_status 0
  assert_calls <<'CALLS'
mvnw -B -pl src/function -am package -DskipTests -Dtriage.models=emotion
CALLS
  assert_contains "$stderr" "built-in models: emotion"
}

@test "an unknown --models value is a usage error (exit 2)" {
  run_cli build --function-only --models fp32
  assert_status 2
  assert_contains "$stderr" "--models must be all, emotion, spam or none, not 'fp32'"
  assert_no_calls
}

@test "--jdk25 builds the function and the benchmarks module, then assembles the jdk25 zip" {
  run_cli build --function-only --jdk25 --models emotion --dry-run
  assert_status 0
  assert_only_commands_on_stdout
  [[ "$output" == "+ $STUBS/mvnw -B -pl src/function,src/benchmarks -am package -DskipTests -Dtriage.models=emotion
+ src/function/src/main/zip.jdk25/assemble src/function/target/function.zip src/function/target/function-jdk25.zip src/benchmarks/target" ]]
  assert_no_calls
}

@test "--jdk25 without a built-in emotion model to train its AOT cache with is a usage error (exit 2)" {
  run_cli build --function-only --jdk25
  assert_status 2
  assert_contains "$stderr" "--jdk25 needs a built-in emotion model for its AOT training run: --models emotion or all, not 'none'"
  assert_no_calls
}

@test "--jdk25 and --native together are a usage error (exit 2)" {
  run_cli build --function-only --jdk25 --native --models all
  assert_status 2
  assert_contains "$stderr" "--native and --jdk25 are two flavours: choose one"
  assert_no_calls
}
