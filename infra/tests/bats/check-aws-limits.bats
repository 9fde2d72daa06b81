#!/usr/bin/env bats
# infra/tests/check-aws-limits: docs/aws-limits.md's table against the code.

bats_require_minimum_version 1.5.0

CHECK="$BATS_TEST_DIRNAME/../check-aws-limits"
ROOT="$BATS_TEST_DIRNAME/../../.."

@test "the repository's table holds" {
  run "$CHECK" "$ROOT/docs/aws-limits.md" "$ROOT"
  [[ "$status" == 0 ]]
  [[ "$output" == *"limits, each enforced where it says"* ]]
}

@test "a value the code does not hold, a missing file and a renamed test are each named" {
  sed 's/(`4096`)/(`4097`)/; s#`infra/modules/alarms/variables.tf`#`infra/modules/alarms/limits.tf`#; s/`timeout_out_of_range_refused`/`timeout_refused`/' \
    "$ROOT/docs/aws-limits.md" >"$BATS_TEST_TMPDIR/limits.md"
  run "$CHECK" "$BATS_TEST_TMPDIR/limits.md" "$ROOT"
  [[ "$status" == 1 ]]
  [[ "$output" == *"'4097' occurs in none of infra/modules/lambda_function/main.tf"* ]]
  [[ "$output" == *"infra/modules/alarms/limits.tf does not exist"* ]]
  [[ "$output" == *"test 'timeout_refused' is in none of"* ]]
}

@test "a row without its test is refused" {
  printf '| Limit | Value | Source | Relied on / enforced in | Checked by |\n|---|---|---|---|---|\n| X | 1 | s | `infra/tests/run` | nothing |\n' >"$BATS_TEST_TMPDIR/limits.md"
  run "$CHECK" "$BATS_TEST_TMPDIR/limits.md" "$ROOT"
  [[ "$status" == 1 ]]
  [[ "$output" == *"names no enforcing file, test file or test"* ]]
}
