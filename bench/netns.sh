#!/usr/bin/env bash
# Runs a command in a network namespace with only loopback up, like the browser tests, so the
# benchmark's browsers and server cannot use or offer any other address.
set -euo pipefail
cd "$(dirname "$0")/.."
userns=()
[ "$(id -u)" = 0 ] || userns=(--map-root-user)
exec unshare --net "${userns[@]}" bash -c 'ip link set lo up && exec "$@"' bench "$@"
