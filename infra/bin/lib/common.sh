# shellcheck shell=bash
# Shared helpers of the infra/bin scripts. Sourced, never executed.
#
# Conventions every script follows:
#   exit 0 on success, 1 on failure, 2 on a usage error;
#   every external command with an effect goes through `run` (or `capture` for
#   commands whose output is needed), which prints it as "+ cmd args" and, in
#   --dry-run mode, does not execute it;
#   local read-only checks (files exist, checksums, jq parsing) run even in
#   --dry-run mode, so a dry run still catches local mistakes.
#
# Overridable from the environment (the bats tests rely on these):
#   TRIAGE_REPO_ROOT  repository root (default: two levels above infra/bin)
#   TRIAGE_MVNW       Maven wrapper (default: ./mvnw in the repository root)
#   TRIAGE_ENV        default environment (default: dev)

PROG=${PROG:-$(basename "$0")}
DRY_RUN=0
# Values never printed in a trace (API keys); replaced by ***.
SECRETS=()

_common_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TRIAGE_REPO_ROOT=${TRIAGE_REPO_ROOT:-$(cd "$_common_dir/../../.." && pwd)}
TRIAGE_MVNW=${TRIAGE_MVNW:-./mvnw}
TRIAGE_ENV=${TRIAGE_ENV:-dev}

die() {
  echo "$PROG: error: $*" >&2
  exit 1
}

usage_error() {
  echo "$PROG: $*" >&2
  echo "Try '$PROG --help' for more information." >&2
  exit 2
}

warn() {
  echo "$PROG: warning: $*" >&2
}

info() {
  echo "$PROG: $*" >&2
}

# require_tool NAME WHAT_FOR: fail clearly when a command is not on PATH.
require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "required tool '$1' is not installed or not on PATH (needed to $2)"
}

# require_value VALUE HOW_TO_SET: fail clearly when a required setting is empty.
require_value() {
  [[ -n "$1" ]] || die "$2"
}

# Needs a value after the flag ($1 = flag, $2 = number of remaining args).
need_arg() {
  (($2 >= 2)) || usage_error "option $1 needs a value"
}

# Quote one argument for display the way a shell user would type it.
shell_quote() {
  local arg=$1
  # A lone "|" is shown as the pipe it stands for (see build's ECR login).
  if [[ "$arg" == "|" ]]; then
    printf '|'
  elif [[ -n "$arg" && "$arg" =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
    printf '%s' "$arg"
  else
    printf "'%s'" "${arg//\'/\'\\\'\'}"
  fi
}

# Print a command as "+ cmd args", secrets masked. On stdout in --dry-run mode
# (the commands are then the output), on stderr otherwise (stdout carries results).
print_cmd() {
  local line="+" arg secret
  for arg in "$@"; do
    for secret in "${SECRETS[@]+"${SECRETS[@]}"}"; do
      [[ -n "$secret" ]] && arg=${arg//"$secret"/***}
    done
    line+=" $(shell_quote "$arg")"
  done
  if ((DRY_RUN)); then
    printf '%s\n' "$line"
  else
    printf '%s\n' "$line" >&2
  fi
}

# run CMD...: print, then execute unless --dry-run.
run() {
  print_cmd "$@"
  ((DRY_RUN)) && return 0
  "$@"
}

# capture VAR PLACEHOLDER CMD...: print CMD and store its stdout in VAR.
# In --dry-run mode CMD is not executed and VAR gets PLACEHOLDER instead.
capture() {
  local __var=$1 __placeholder=$2 __out
  shift 2
  print_cmd "$@"
  if ((DRY_RUN)); then
    printf -v "$__var" '%s' "$__placeholder"
    return 0
  fi
  __out=$("$@") || return $?
  printf -v "$__var" '%s' "$__out"
}

# capture_quiet: like capture, but the command's stderr is discarded (for
# look-ups whose failure is an expected answer, e.g. an output not set yet).
capture_quiet() {
  local __var=$1 __placeholder=$2 __out
  shift 2
  print_cmd "$@"
  if ((DRY_RUN)); then
    printf -v "$__var" '%s' "$__placeholder"
    return 0
  fi
  __out=$("$@" 2>/dev/null) || return $?
  printf -v "$__var" '%s' "$__out"
}

# Terraform directory of an environment, relative to the repository root.
env_dir() {
  local env=$1
  [[ "$env" =~ ^[a-z0-9][a-z0-9_-]*$ ]] || usage_error "invalid environment name '$env'"
  printf 'infra/envs/%s' "$env"
}

# terraform_output VAR ENV NAME: read one output of an environment.
terraform_output() {
  local __var=$1 env=$2 name=$3 dir
  dir=$(env_dir "$env")
  capture "$__var" "<$name>" terraform -chdir="$dir" output -raw "$name" ||
    die "could not read terraform output '$name' of $dir (deployed yet? run infra/bin/deploy --env $env first)"
}

# sha256 of a file, with GNU coreutils or macOS shasum.
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Absolute path of an existing or future file, resolved against the caller's
# working directory (scripts cd to the repository root afterwards).
absolute_path() {
  case $1 in
    /*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$PWD" "$1" ;;
  esac
}

cd_repo_root() {
  [[ -d "$TRIAGE_REPO_ROOT" ]] || die "repository root '$TRIAGE_REPO_ROOT' does not exist (TRIAGE_REPO_ROOT)"
  cd "$TRIAGE_REPO_ROOT" || die "cannot enter repository root '$TRIAGE_REPO_ROOT'"
}

# Bundle names and versions: the same rule as the model bundle contract (triage.json).
valid_bundle_token() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ ]]
}

# sha256 of standard input, with GNU coreutils or macOS shasum.
sha256_of_stdin() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum | cut -d' ' -f1
  else
    shasum -a 256 | cut -d' ' -f1
  fi
}

# sigv4_curl_args API_URL: fills SIGV4_ARGS with the curl arguments that sign a
# request to API Gateway with the caller's AWS credentials (SigV4, service
# execute-api; curl >= 7.75): --aws-sigv4, --user and, for temporary
# credentials, the session token header. Credentials come from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else from
# `aws configure export-credentials` (AWS CLI v2, any profile or role). The
# secret and the token join SECRETS: every printed command masks them.
SIGV4_ARGS=()
sigv4_curl_args() {
  local url=$1 region key secret token="" json=""
  region=$(sed -n 's#^https://[^./]*\.execute-api\.\([a-z0-9-]*\)\.amazonaws\.com.*#\1#p' <<<"$url")
  region=${region:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
  [[ -n "$region" ]] || ((DRY_RUN)) || die "cannot tell the region of $url to sign requests (set AWS_REGION)"
  region=${region:-<region>}
  if [[ -n "${AWS_ACCESS_KEY_ID:-}" && -n "${AWS_SECRET_ACCESS_KEY:-}" ]]; then
    key=$AWS_ACCESS_KEY_ID secret=$AWS_SECRET_ACCESS_KEY token=${AWS_SESSION_TOKEN:-}
  else
    require_tool aws "find the AWS credentials that sign requests to the API (or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
    capture json '{"AccessKeyId":"<access-key-id>","SecretAccessKey":"<secret-access-key>"}' \
      aws configure export-credentials --format process ||
      die "no AWS credentials to sign requests with: 'aws configure export-credentials' (AWS CLI v2) failed; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    key=$(jq -r '.AccessKeyId // empty' <<<"$json")
    secret=$(jq -r '.SecretAccessKey // empty' <<<"$json")
    token=$(jq -r '.SessionToken // empty' <<<"$json")
    [[ -n "$key" && -n "$secret" ]] || die "aws configure export-credentials returned no access key"
  fi
  SECRETS+=("$secret")
  [[ -z "$token" ]] || SECRETS+=("$token")
  SIGV4_ARGS=(--aws-sigv4 "aws:amz:$region:execute-api" --user "$key:$secret")
  [[ -z "$token" ]] || SIGV4_ARGS+=(-H "x-amz-security-token: $token")
}

# manifest_sha256 VAR URI [read]: the sha256 of URI's triage.json, which lists
# every other file of the bundle with its sha256: pinning it pins the whole
# bundle. Reading it also proves the version is published (a missing one stops
# the script). In --dry-run mode it is read only when the third argument is
# "read" (classify-archive checks the model before printing anything it would do).
manifest_sha256() {
  local __var=$1 uri=$2 always=${3:-} digest
  [[ -n "$uri" ]] || return 0
  print_cmd aws s3 cp "${uri}triage.json" -
  if ((DRY_RUN)) && [[ "$always" != read ]]; then
    printf -v "$__var" '%s' "<sha256 of ${uri}triage.json>"
    return 0
  fi
  digest=$(set -o pipefail; aws s3 cp "${uri}triage.json" - | sha256_of_stdin) ||
    die "could not read ${uri}triage.json: is the bundle published there (infra/bin/publish-model)?"
  [[ "$digest" =~ ^[0-9a-f]{64}$ ]] || die "could not hash ${uri}triage.json"
  printf -v "$__var" '%s' "$digest"
}
