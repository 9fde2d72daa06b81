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
# SHARED_DIR (default ../shared) holds datasets/; TRIAGE_JAR the trainer's jar.
set -euo pipefail

jar=${TRIAGE_JAR:-src/trainer/target/triage-trainer.jar}
shared=${SHARED_DIR:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=PASSIVE OPT_OUT_TRACKING=true

# The validation texts one a line: the label after the last ';' dropped (never written anywhere else).
sed 's/;[^;]*$//' "$shared/datasets/emotion/validation.txt" > "$work/emotion-validation.txt"
mail="$shared/datasets/spamassassin/spam-1"

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
  local last
  last=$(java -jar "$jar" classify --data "$data" --out "$work/results.jsonl" "$@" 2>&1 | tail -n 1) || true
  printf '%s | %s\n' "$name" "$last"
}

for split in "${splits[@]}"; do
  # shellcheck disable=SC2086 # the options are words
  run "texts, built-in, ${split%%:*}" "$work/emotion-validation.txt" ${split#*:}
done
for bundle in "$@"; do
  for split in "${splits[@]}"; do
    # shellcheck disable=SC2086
    run "texts, $bundle, ${split%%:*}" "$work/emotion-validation.txt" --bundle "$bundle" ${split#*:}
  done
done
for split in "${splits[@]}"; do
  # shellcheck disable=SC2086
  run "e-mails, built-in, ${split%%:*}" "$mail" ${split#*:}
done
