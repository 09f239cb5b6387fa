#!/usr/bin/env bash
# Browser tests: Playwright drives Debian's Chromium against a real server, all inside a network
# namespace that has only loopback, so Chromium cannot offer or use any other address and no
# traffic leaves `lo`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f client/dist/index.html ] || npx vite build --config client/vite.config.ts --logLevel warn
userns=()
[ "$(id -u)" = 0 ] || userns=(--map-root-user)
exec unshare --net "${userns[@]}" bash -c 'ip link set lo up && exec npx playwright test "$@"' e2e "$@"
