#!/bin/sh
# Runs one squadguard command (its arguments are this script's), uploads what it wrote to
# s3://$REPORTS_BUCKET/$REPORTS_PREFIX/, and exits with squadguard's exit code (0 ok, 1 violations,
# 2 configuration error, 3 incomplete), so the scheduler or job controller sees the verdict.
#   SHARD_INDEX0 / SHARD_COUNT  optional: a 0-based index (Kubernetes JOB_COMPLETION_INDEX, AWS Batch
#                               AWS_BATCH_JOB_ARRAY_INDEX) turned into `--shard I/N`
#                               (the shard then exits 0 on violations: the merge decides)
#   MERGE_FROM                  optional: an S3 prefix; its shard reports are downloaded and merged instead
set -u
out="${OUTPUT_DIR:-/tmp/squadguard}"
shard=""
mkdir -p "$out"

if [ -n "${MERGE_FROM:-}" ]; then
  aws s3 cp --recursive --exclude '*' --include '*/squadguard-report.json' "$MERGE_FROM" /tmp/shards/ || exit 2
  # shellcheck disable=SC2046
  node /app/dist/cli/main.js merge $(find /tmp/shards -name squadguard-report.json | sort) --output-dir "$out" "$@"
  code=$?
else
  if [ -n "${SHARD_INDEX0:-}" ] && [ -n "${SHARD_COUNT:-}" ]; then
    shard="--shard $((SHARD_INDEX0 + 1))/$SHARD_COUNT"
    out="$out/shard-$((SHARD_INDEX0 + 1))"
    mkdir -p "$out"
  fi
  # shellcheck disable=SC2086
  node /app/dist/cli/main.js scan $shard --output-dir "$out" "$@"
  code=$?
fi

if [ -n "${REPORTS_BUCKET:-}" ]; then
  aws s3 cp --recursive "${OUTPUT_DIR:-/tmp/squadguard}" "s3://$REPORTS_BUCKET/${REPORTS_PREFIX:-squadguard}/" --only-show-errors || exit 2
fi
# A shard's violations (1) and gaps (3) are the merge's to judge: the shard itself succeeded, so the job
# controller must not retry it. Configuration errors (2) fail the shard.
if [ -n "$shard" ] && { [ "$code" -eq 1 ] || [ "$code" -eq 3 ]; }; then
  exit 0
fi
exit "$code"
