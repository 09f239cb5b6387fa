#!/usr/bin/env bash
# `npm test`: the stages in order, each runnable alone (`npm test -- fast`, or npm run test:fast,
# test:integration, test:e2e):
#   fast         lint (eslint, prettier), type check (server, client, tools), unit tests: under a minute
#   integration  a real server with real mediasoup workers, ffmpeg, GStreamer cameras, whip-client
#   e2e          Playwright in Debian's Chromium inside a loopback-only network namespace
# Every stage runs even when an earlier one fails; the last line sums up the tests that ran.
set -uo pipefail
cd "$(dirname "$0")/.."
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(fast integration e2e)
results=$(mktemp -d)
status=0
stage() { echo; echo "== $1 ($(date +%T))"; }

for s in "${stages[@]}"; do
  case "$s" in
    fast)
      # Lint and type check side by side (two cores), each printed whole when done.
      stage "lint and typecheck"
      (npx eslint --max-warnings 0 . && npx prettier --check --log-level warn .) > "$results/lint.log" 2>&1 &
      lint=$!
      npm run --silent typecheck > "$results/typecheck.log" 2>&1 || status=1
      wait $lint || status=1
      echo "-- lint"; cat "$results/lint.log"
      echo "-- typecheck"; cat "$results/typecheck.log"
      stage unit
      npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" || status=1
      ;;
    integration | e2e)
      # What only the tests use (Chromium, GStreamer, whip-client, gcc): installed when missing.
      bash -c 'source scripts/packages.sh && apt_install_missing test "${TEST_PACKAGES[@]}"' || status=1
      if [ "$s" = integration ]; then
        stage integration
        npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json" || status=1
      else
        stage "end to end"
        PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e.json" bash scripts/e2e.sh --reporter=list,json || status=1
      fi
      ;;
    *)
      echo "unknown stage '$s' (fast, integration, e2e)" >&2
      exit 2
      ;;
  esac
done

node scripts/summarize-tests.mjs "$results" "${stages[@]}" || status=1
exit $status
