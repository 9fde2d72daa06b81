#!/usr/bin/env bash
# Throughput of the local bulk command, `triage classify --data ... --out ...` (docs/benchmarks.md,
# "Bulk classification"): for each way of spending the cores (batches of texts in one session run,
# workers side by side, ONNX Runtime intra-op threads), and the single-request path the classify
# function takes (one text per session run, every core on its operators), on the emotion validation
# texts and on SpamAssassin's spam-1 folder. Prints the command's own final line for each run.
#
#   ./mvnw -q -B package -DskipTests && src/benchmarks/bulk-classify.sh [texts-bundle ...]
#
# Each extra argument is a bundle folder (an int8 and an fp32 one, say) run on the texts as well.
# SHARED_DIR (default ../shared) holds datasets/; TRIAGE_JAR the trainer's jar; TEXTS and MAILS (default:
# all 2,000 and 500) take the first so many, for a quick run on a busy machine. Each line ends with
# the process's CPU seconds (user + system, /usr/bin/time), which load from other jobs changes less
# than the wall-clock rate. BUNDLES_ONLY=1 runs only the bundles given (no built-in texts, no e-mails).
set -euo pipefail

jar=${TRIAGE_JAR:-src/trainer/target/triage-trainer.jar}
shared=$(cd "${SHARED_DIR:-../shared}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=PASSIVE OPT_OUT_TRACKING=true

# The validation texts one a line: the label after the last ';' dropped (never written anywhere else).
# (sed, not head, takes the first lines: head would close the pipe early, which pipefail reports.)
sed -n "1,${TEXTS:-2000}{s/;[^;]*\$//;p}" "$shared/datasets/emotion/validation.txt" > "$work/emotion-validation.txt"
mail="$work/spam-1"
mkdir "$mail"
find "$shared/datasets/spamassassin/spam-1" -type f | sort | sed -n "1,${MAILS:-500}p" | while read -r file; do
  ln -s "$file" "$mail/"
done

splits=(
  "single request:--batch-size 1 --workers 1 --threads 2"
  "1 worker x 2 threads, batch 32:--batch-size 32 --workers 1 --threads 2"
  "2 workers x 1 thread, batch 1:--batch-size 1 --workers 2 --threads 1"
  "2 workers x 1 thread, batch 8:--batch-size 8 --workers 2 --threads 1"
  "2 workers x 1 thread, batch 32:--batch-size 32 --workers 2 --threads 1"
)

run() {
  local name=$1 data=$2
  shift 2
  local last cpu
  last=$(/usr/bin/time -o "$work/time" -f '%U %S' java -jar "$jar" classify --data "$data" --out "$work/results.jsonl" "$@" 2>&1 \
    | tail -n 1) || true
  cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$work/time")
  printf '%s | %s | cpu %s s\n' "$name" "$last" "$cpu"
}

if [[ ${BUNDLES_ONLY:-0} != 1 ]]; then
  for split in "${splits[@]}"; do
    # shellcheck disable=SC2086 # the options are words
    run "texts, built-in, ${split%%:*}" "$work/emotion-validation.txt" ${split#*:}
  done
fi
for bundle in "$@"; do
  for split in "${splits[@]}"; do
    # shellcheck disable=SC2086
    run "texts, $bundle, ${split%%:*}" "$work/emotion-validation.txt" --bundle "$bundle" ${split#*:}
  done
done
if [[ ${BUNDLES_ONLY:-0} != 1 ]]; then
  for split in "${splits[@]}"; do
    # shellcheck disable=SC2086
    run "e-mails, built-in, ${split%%:*}" "$mail" ${split#*:}
  done
fi
