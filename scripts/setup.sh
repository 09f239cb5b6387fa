#!/usr/bin/env bash
# `npm run setup`: everything vcourt needs on a fresh Debian/Ubuntu machine with Node 20 and npm 11.
#  1. apt: ffmpeg, Chromium (for the browser tests) and what building the mediasoup worker needs
#  2. npm ci (only when package-lock.json changed since the last setup)
#  3. the mediasoup worker: $MEDIASOUP_WORKER_BIN, mediasoup's own, the cache, or an offline build
#  4. the courtroom client (vite build)
# Set VCOURT_SETUP_NO_BROWSER=1 to skip Chromium on a server that never runs the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

# fonts-dejavu-core: the composite's labels and clock (Vietnamese diacritics), also without Chromium.
packages=(ffmpeg fonts-dejavu-core meson ninja-build pkg-config libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev
  libabsl-dev libflatbuffers-dev flatbuffers-compiler iproute2 util-linux)
# Courtroom hardware: GStreamer's RTSP server for the camera simulator (scripts/camera-simulator.py)
# and simple-whip-client, the third-party WHIP publisher the tests use.
packages+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-tools gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-nice simple-whip-client)
# gcc + libc6-dev: the tests compile the small library they preload into whip-client (tests/support/whip-client-shim.c).
packages+=(gcc libc6-dev)
[ "${VCOURT_SETUP_NO_BROWSER:-0}" = 1 ] || packages+=(chromium fonts-noto-core)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing with apt: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: apt packages present"
fi

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
