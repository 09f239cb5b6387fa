# Debian packages vcourt needs, sourced by setup.sh and test.sh: what running it takes, and what
# only the tests take (so a court's server carries no browser, compiler or GStreamer).

# ffmpeg: recording, composite, RTSP cameras. fonts-dejavu-core: the composite's labels and clock
# (Vietnamese diacritics). coturn: TURN for sites behind strict firewalls (VCOURT_TURN=embedded runs
# it; production runs it as its own service). The rest builds the mediasoup worker offline
# (scripts/build-worker.sh).
RUNTIME_PACKAGES=(ffmpeg fonts-dejavu-core coturn meson ninja-build pkg-config libssl-dev libuv1-dev libsrtp2-dev
  libusrsctp-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler iproute2 util-linux)

# Chromium (+ fonts for Vietnamese text in screenshots) for the browser tests; GStreamer's RTSP
# server for the camera simulator (scripts/camera-simulator.py); simple-whip-client, the third-party
# WHIP publisher; gcc + libc6-dev for the library the tests preload into it
# (tests/support/whip-client-shim.c).
TEST_PACKAGES=(redis-server postgresql chromium fonts-noto-core python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly
  gstreamer1.0-nice simple-whip-client gcc libc6-dev)

# apt_install_missing LABEL PACKAGE...: installs those not installed yet (apt-get update first).
apt_install_missing() {
  local label=$1
  shift
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "$label: apt packages present"
    return 0
  fi
  echo "$label: installing with apt: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
