#!/usr/bin/env bash
# Obtain the mediasoup worker binary and put it where mediasoup looks for it
# when MEDIASOUP_WORKER_BIN is unset at run time:
#   node_modules/mediasoup/worker/out/Release/mediasoup-worker
#
# Order (first that works wins):
#   1. $MEDIASOUP_WORKER_BIN, if it names a working binary -> copy it into place.
#   2. A working binary already in place -> nothing to do.
#   3. Local cache ${VCOURT_CACHE_DIR:-$HOME/.cache/vcourt}/mediasoup-worker/<key>/
#   4. Offline build from the C++ sources shipped in the mediasoup npm package,
#      against Debian's system libraries (mediasoup's own build downloads its
#      dependencies, which we can't). See scripts/worker/README.md.
#
# Env: VCOURT_CACHE_DIR (cache root), VCOURT_KEEP_BUILD=1 (keep the temp build
# dir), VCOURT_NO_APT=1 (never run apt-get, only report missing packages).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MS_DIR="$ROOT/node_modules/mediasoup"
DEST="$MS_DIR/worker/out/Release/mediasoup-worker"
SUPPORT_DIR="$ROOT/scripts/worker"
CACHE_ROOT="${VCOURT_CACHE_DIR:-${HOME:-/root}/.cache/vcourt}/mediasoup-worker"

log() { echo "worker: $*"; }
die() { echo "worker: ERROR: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

T0="$(now)"

# A worker started without MEDIASOUP_VERSION exits with code 41 right away.
# Getting 41 proves the file is executable, all its shared libs resolve and
# main() runs; it has no --version flag.
worker_runs() {
  local rc=0
  [[ -f "$1" && -x "$1" ]] || return 1
  env -u MEDIASOUP_VERSION timeout 20 "$1" </dev/null >/dev/null 2>&1 || rc=$?
  [[ $rc -eq 41 ]]
}

# Copy atomically (temp file + rename) so a concurrent reader never sees half a file.
place() {
  local src="$1" dst="$2" tmp
  mkdir -p "$(dirname "$dst")"
  tmp="$(mktemp "$dst.tmp.XXXXXX")"
  cp "$src" "$tmp"
  chmod 755 "$tmp"
  mv -f "$tmp" "$dst"
}

[[ -f "$MS_DIR/package.json" ]] || die "mediasoup is not installed ($MS_DIR); run npm install first"

# --- 1. MEDIASOUP_WORKER_BIN --------------------------------------------------
if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
  if worker_runs "$MEDIASOUP_WORKER_BIN"; then
    if [[ "$(readlink -f "$MEDIASOUP_WORKER_BIN")" != "$(readlink -f "$DEST" 2>/dev/null || true)" ]]; then
      place "$MEDIASOUP_WORKER_BIN" "$DEST"
      log "using MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN (copied to $DEST)"
      echo "MEDIASOUP_WORKER_BIN $MEDIASOUP_WORKER_BIN" >"$DEST.origin"
    else
      log "using MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN (already in place)"
    fi
    exit 0
  fi
  # Commonly set to a dummy during `npm install` just to skip mediasoup's
  # postinstall download/build; ignore it here, but mediasoup will try to use
  # it at run time if it is still set then.
  log "warning: MEDIASOUP_WORKER_BIN=$MEDIASOUP_WORKER_BIN is not a working worker binary; ignoring it" \
      "(unset it before starting the server)"
fi

# --- 2. Already in place ------------------------------------------------------
if worker_runs "$DEST"; then
  log "already in place: $DEST"
  exit 0
fi

# --- Build inputs / cache key -------------------------------------------------
MS_VERSION="$(node -p 'require(process.argv[1]).version' "$MS_DIR/package.json")"

# System packages the worker is compiled and linked against.
DEB_PKGS=(libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev libflatbuffers-dev
          flatbuffers-compiler meson)

cache_key() {
  {
    echo "mediasoup=$MS_VERSION"
    echo "arch=$(uname -m)"
    echo "cxx=$(c++ --version 2>/dev/null | head -n1 || echo none)"
    local p
    for p in "${DEB_PKGS[@]}"; do
      echo "$p=$(dpkg-query -W -f '${Version}' "$p" 2>/dev/null || echo missing)"
    done
    # This script and its support files: changing the recipe changes the key (docs and the
    # DTLS smoke test are not part of the recipe).
    (cd "$ROOT" && { echo scripts/build-worker.sh; find scripts/worker -type f ! -name '*.md' ! -name 'check-*'; } \
      | LC_ALL=C sort | xargs sha256sum)
  } | sha256sum | cut -c1-16
}

# --- 3. Cache -----------------------------------------------------------------
KEY="$(cache_key)"
CACHED="$CACHE_ROOT/$KEY/mediasoup-worker"
if [[ -f "$CACHED" ]]; then
  if worker_runs "$CACHED"; then
    place "$CACHED" "$DEST"
    log "cache hit $CACHED ($(since "$T0"))"
    echo "built offline by scripts/build-worker.sh, from cache $CACHED" >"$DEST.origin"
    exit 0
  fi
  log "warning: cached binary $CACHED does not run here; rebuilding"
fi

# --- 4. Build -----------------------------------------------------------------
# Missing tools / -dev packages -> the apt packages that provide them.
missing_apt_packages() {
  local -A pkgs=()
  local cmd mod
  declare -A cmd_pkg=([meson]=meson [ninja]=ninja-build [pkg-config]=pkg-config
                      [flatc]=flatbuffers-compiler [cc]=gcc [c++]=g++)
  for cmd in "${!cmd_pkg[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || pkgs[${cmd_pkg[$cmd]}]=1
  done
  declare -A mod_pkg=([openssl]=libssl-dev [libuv]=libuv1-dev [libsrtp2]=libsrtp2-dev
                      [usrsctp]=libusrsctp-dev [flatbuffers]=libflatbuffers-dev
                      [absl_flat_hash_map]=libabsl-dev [absl_flat_hash_set]=libabsl-dev
                      [absl_btree]=libabsl-dev [absl_inlined_vector]=libabsl-dev
                      [absl_strings]=libabsl-dev [absl_optional]=libabsl-dev)
  if command -v pkg-config >/dev/null 2>&1; then
    for mod in "${!mod_pkg[@]}"; do
      pkg-config --exists "$mod" || pkgs[${mod_pkg[$mod]}]=1
    done
  else
    for mod in "${!mod_pkg[@]}"; do pkgs[${mod_pkg[$mod]}]=1; done
  fi
  # ${!pkgs[@]} on an empty array trips `set -u` in older bash; guard it.
  (( ${#pkgs[@]} )) && printf '%s\n' "${!pkgs[@]}" | sort | paste -sd ' ' -
  return 0
}

MISSING="$(missing_apt_packages)"
if [[ -n "$MISSING" ]]; then
  if [[ $(id -u) -eq 0 && -z "${VCOURT_NO_APT:-}" ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing missing build packages: $MISSING"
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $MISSING \
      || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $MISSING; } \
      || die "apt-get install failed"
    MISSING="$(missing_apt_packages)"
    [[ -z "$MISSING" ]] || die "still missing after apt-get: $MISSING"
    KEY="$(cache_key)"   # package versions are part of the key
    CACHED="$CACHE_ROOT/$KEY/mediasoup-worker"
  else
    die "building the mediasoup worker needs these Debian packages: $MISSING
  install them with:  sudo apt-get install -y $MISSING"
  fi
fi

CACHE_DIR="$CACHE_ROOT/$KEY"
mkdir -p "$CACHE_DIR"
LOG="$CACHE_DIR/build.log"
: >"$LOG"

BUILD_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/vcourt-worker-build.XXXXXX")"
cleanup() {
  if [[ -n "${VCOURT_KEEP_BUILD:-}" ]]; then log "build dir kept: $BUILD_ROOT"; else rm -rf "$BUILD_ROOT"; fi
}
trap cleanup EXIT

fail() {
  echo "worker: ERROR: $*" >&2
  echo "----- last 40 lines of $LOG -----" >&2
  tail -n 40 "$LOG" >&2 || true
  exit 1
}

# Run a command with output to the log; print ninja's [n/m] progress every 30s
# so a multi-minute build does not look hung.
run_logged() {
  echo "+ $*" >>"$LOG"
  "$@" >>"$LOG" 2>&1 &
  local pid=$! n=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( ++n % 30 == 0 )); then
      log "  ... $(grep -oE '^\[[0-9]+/[0-9]+\]' "$LOG" | tail -n1 || true) $(since "$T0")"
    fi
  done
  wait "$pid"
}

log "no cached binary (key $KEY); building mediasoup $MS_VERSION worker from source, log: $LOG"

# Work on a copy: never modify the sources inside node_modules.
SRC="$BUILD_ROOT/worker"
cp -a "$MS_DIR/worker" "$SRC"
rm -rf "$SRC/out"

# Replace the downloading .wrap subprojects with local stand-ins that expose the
# system libraries under the variable names worker/meson.build reads.
for sub in "$SUPPORT_DIR"/subprojects/*/; do
  name="$(basename "$sub")"
  rm -f "$SRC/subprojects/$name.wrap"
  rm -rf "$SRC/subprojects/$name"
  cp -a "$sub" "$SRC/subprojects/$name"
  cp "$SUPPORT_DIR/stub.c" "$SRC/subprojects/$name/stub.c"
done

# Debian bookworm ships meson 1.0.1; the project asks for a newer one without
# needing its features. Lower the floor to the installed version only if needed.
MESON_VERSION="$(meson --version)"
REQ="$(sed -nE "s/.*meson_version *: *'>= *([0-9.]+)'.*/\1/p" "$SRC/meson.build" | head -n1)"
if [[ -n "$REQ" && "$(printf '%s\n%s\n' "$REQ" "$MESON_VERSION" | sort -V | head -n1)" != "$REQ" ]]; then
  log "meson $MESON_VERSION < required $REQ: lowering the requirement in the build copy"
  sed -i -E "s/(meson_version *: *'>= *)$REQ'/\1$MESON_VERSION'/" "$SRC/meson.build"
fi

# DTLS fix. Debian's libssl3 is built with kernel TLS support. onSslBioOut()
# answered 1 to every non-write BIO callback, including the return of the
# BIO_CTRL_GET_KTLS_SEND control query, so OpenSSL believed kTLS was on, skipped
# its write buffer and the worker segfaulted on the first DTLS handshake with a
# browser. Pass the real result through on every *_RETURN callback. Fail loudly
# if the code changed, so a mediasoup upgrade can't silently drop the fix.
DTLS="$SRC/src/RTC/DtlsTransport.cpp"
if grep -qF '(operationType == BIO_CB_RETURN)' "$DTLS"; then
  sed -i 's/(operationType == BIO_CB_RETURN)/(operationType \& BIO_CB_RETURN)/' "$DTLS"
  grep -qF '(operationType & BIO_CB_RETURN)' "$DTLS" || die "applying the DTLS BIO fix failed"
elif grep -qF '(operationType & BIO_CB_RETURN)' "$DTLS"; then
  log "note: DtlsTransport.cpp already has the BIO_CB_RETURN fix"
else
  die "pattern '(operationType == BIO_CB_RETURN)' not found in worker/src/RTC/DtlsTransport.cpp;
  mediasoup changed onSslBioOut(): re-check the kTLS fix in scripts/build-worker.sh"
fi

JOBS="$(nproc)"
BUILD="$BUILD_ROOT/build"
# --wrap-mode=nodownload: never reach the network, even for a wrap we missed.
run_logged meson setup "$BUILD" "$SRC" --buildtype=release --wrap-mode=nodownload \
  -Dms_disable_liburing=true || fail "meson setup failed"

# The FlatBuffers headers (custom target fbs/FBS) are not declared as inputs of
# the worker's compile steps: build them first or compiles race them.
# (Capture first: `ninja | grep -q` would die of SIGPIPE under pipefail.)
TARGETS="$(ninja -C "$BUILD" -t targets all 2>>"$LOG")"
grep -q '^fbs/FBS:' <<<"$TARGETS" \
  || fail "ninja target fbs/FBS not found (mediasoup's fbs/meson.build changed?)"
run_logged ninja -C "$BUILD" -j "$JOBS" fbs/FBS || fail "generating FlatBuffers headers failed"
run_logged ninja -C "$BUILD" -j "$JOBS" mediasoup-worker || fail "compiling mediasoup-worker failed"

BIN="$BUILD/mediasoup-worker"
worker_runs "$BIN" || fail "the built $BIN does not start (expected exit code 41 without MEDIASOUP_VERSION)"

place "$BIN" "$CACHED"
place "$BIN" "$DEST"
log "built $DEST ($(du -h "$DEST" | cut -f1)) in $(since "$T0") with $JOBS jobs; cached at $CACHED"
echo "built offline by scripts/build-worker.sh from mediasoup $MS_VERSION sources, cached at $CACHED" >"$DEST.origin"
