# shellcheck shell=bash
# Shared set-up of the infra/bin tests.
#
# Each test gets a sandbox under $BATS_TEST_TMPDIR:
#   stubs/  stand-ins for aws, terraform, mvnw, docker, curl, git, java...: each
#           appends its command line to $STUB_LOG, then runs the behaviour the
#           test gave it
#   sys/    links to the real basic tools the scripts may use (bash, sed, jq,
#           sha256sum...), so PATH=stubs:sys hides everything else installed on
#           the machine (a real aws or docker can never be reached)
#   repo/   a fake repository root (TRIAGE_REPO_ROOT) with the paths the scripts
#           expect
# and runs a script with `run_cli SCRIPT ARGS...` under `env -i` and that PATH.

bats_require_minimum_version 1.5.0

BIN_DIR="$(cd "$BATS_TEST_DIRNAME/../../bin" && pwd)"

REAL_TOOLS=(bash env cat sed grep tr cut head tail mktemp rm mkdir dirname basename
  sha256sum jq cmp sleep wc sort cp mv ls tee chmod printf touch seq find date)

setup_sandbox() {
  STUBS="$BATS_TEST_TMPDIR/stubs"
  SYS="$BATS_TEST_TMPDIR/sys"
  REPO="$BATS_TEST_TMPDIR/repo"
  STUB_LOG="$BATS_TEST_TMPDIR/calls.log"
  mkdir -p "$STUBS" "$SYS" "$REPO/infra/envs/dev" "$REPO/src/function/target" "$REPO/src/trainer"
  : >"$STUB_LOG"
  local tool path
  for tool in "${REAL_TOOLS[@]}"; do
    path=$(command -v "$tool") || continue
    [[ "$path" == /* ]] && ln -s "$path" "$SYS/$tool"
  done
  printf 'zip' >"$REPO/src/function/target/function.zip"
  printf 'FROM scratch\n' >"$REPO/src/trainer/Dockerfile"
  CLI_ENV=()
}

# stub NAME [BODY]: create a stub command. BODY is bash run after logging, with
# the original arguments in "$@".
stub() {
  local name=$1 body=${2:-}
  cat >"$STUBS/$name" <<STUB
#!$SYS/bash
_q() { if [[ -n "\$1" && "\$1" =~ ^[A-Za-z0-9_@%+=:,./-]+\$ ]]; then printf '%s' "\$1"; else printf "'%s'" "\${1//\\'/\\'\\\\\\'\\'}"; fi; }
_line="$name"; for _a in "\$@"; do _line+=" \$(_q "\$_a")"; done
printf '%s\n' "\$_line" >>"$STUB_LOG"
$body
STUB
  chmod +x "$STUBS/$name"
}

# Remove a real tool from the sandbox PATH (to test "missing tool" errors).
hide_tool() {
  rm -f "$SYS/$1" "$STUBS/$1"
}

# run_cli SCRIPT ARGS...: run infra/bin/SCRIPT in the sandbox. Extra environment
# variables go in the CLI_ENV array (NAME=value).
run_cli() {
  local script=$1
  shift
  run --separate-stderr env -i HOME="$BATS_TEST_TMPDIR" PATH="$STUBS:$SYS" \
    TRIAGE_REPO_ROOT="$REPO" TRIAGE_MVNW="$STUBS/mvnw" STUB_LOG="$STUB_LOG" \
    "${CLI_ENV[@]}" "$BIN_DIR/$script" "$@"
}

# The logged calls, with temporary paths normalised to <tmp>.
calls() {
  sed -E "s#$BATS_TEST_TMPDIR/tmp[^ ']*#<tmp>#g; s#/tmp/tmp\.[A-Za-z0-9]+(/[^ ']*)?#<tmp>#g" "$STUB_LOG"
}

# assert_calls: compare the logged calls with stdin, exactly.
assert_calls() {
  local expected actual
  expected=$(cat)
  actual=$(calls)
  if [[ "$actual" != "$expected" ]]; then
    printf 'expected calls:\n%s\n\nactual calls:\n%s\n' "$expected" "$actual" >&2
    diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") >&2 || true
    return 1
  fi
}

assert_no_calls() {
  if [[ -s "$STUB_LOG" ]]; then
    printf 'expected no calls, got:\n%s\n' "$(cat "$STUB_LOG")" >&2
    return 1
  fi
}

assert_status() {
  if [[ "$status" != "$1" ]]; then
    printf 'expected exit status %s, got %s\nstdout:\n%s\nstderr:\n%s\n' "$1" "$status" "$output" "${stderr:-}" >&2
    return 1
  fi
}

# assert_contains HAYSTACK NEEDLE
assert_contains() {
  if [[ "$1" != *"$2"* ]]; then
    printf 'expected to find:\n  %s\nin:\n%s\n' "$2" "$1" >&2
    return 1
  fi
}

assert_not_contains() {
  if [[ "$1" == *"$2"* ]]; then
    printf 'did not expect to find:\n  %s\nin:\n%s\n' "$2" "$1" >&2
    return 1
  fi
}

# Every line of a --dry-run's stdout is a printed command ("+ ...").
assert_only_commands_on_stdout() {
  local line
  [[ -n "$output" ]] || { echo "dry run printed nothing on stdout" >&2; return 1; }
  while IFS= read -r line; do
    [[ "$line" == "+ "* ]] || { printf 'not a command line: %s\n' "$line" >&2; return 1; }
  done <<<"$output"
}
