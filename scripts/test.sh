#!/usr/bin/env bash
# `npm test`: type check, unit, integration (real server + mediasoup worker), end to end (Chromium).
# Every suite runs even when an earlier one fails; the last line sums them up.
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d)
status=0

echo "== typecheck"; npx tsc -p tsconfig.json --noEmit || status=1
echo "== unit"; npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" || status=1
echo "== integration"; npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json" || status=1
echo "== end to end"; PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" bash scripts/e2e.sh --reporter=list,json || status=1

node scripts/summarize-tests.mjs "$results" || status=1
exit $status
