#!/usr/bin/env bash
# `npm run setup`: everything vcourt needs on a fresh Debian/Ubuntu machine with Node 20 and npm 11.
#  1. apt: ffmpeg and what building the mediasoup worker needs (scripts/packages.sh); with --tests
#     also what only the tests need (Chromium, GStreamer, whip-client, gcc), which `npm test`
#     installs by itself when missing
#  2. npm ci (only when package-lock.json changed since the last setup)
#  3. the mediasoup worker: $MEDIASOUP_WORKER_BIN, mediasoup's own, the cache, or an offline build
#  4. the courtroom client (vite build)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

source scripts/packages.sh
apt_install_missing setup "${RUNTIME_PACKAGES[@]}"
if [ "${1:-}" = --tests ]; then apt_install_missing setup "${TEST_PACKAGES[@]}"; fi

# mediasoup's postinstall downloads a prebuilt worker or builds with pip and internet
# subprojects; where neither is reachable it fails the whole install. Setting MEDIASOUP_WORKER_BIN
# while installing makes it skip; scripts/build-worker.sh then places a worker where mediasoup
# looks by default, so no variable is needed at run time.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.vcourt-lock-sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ]; then
  echo "setup: node_modules matches package-lock.json"
else
  echo "setup: npm ci"
  MEDIASOUP_WORKER_BIN="${MEDIASOUP_WORKER_BIN:-skip-postinstall}" npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

bash scripts/build-worker.sh

echo "setup: building the client"
npx vite build --config client/vite.config.ts --logLevel warn

echo "setup: done in $(( $(date +%s) - start ))s. Start vcourt with: npm start"
