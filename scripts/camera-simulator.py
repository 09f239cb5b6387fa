#!/usr/bin/python3
"""A courtroom IP camera on loopback, for development and tests: an RTSP server (GStreamer's
gst-rtsp-server through python3-gi) serving a live moving test pattern.

  npm run camera-sim -- --port 8554 --path /cam1 [--codec h264|h264-high|mjpeg] [--audio]

--codec h264       H.264 constrained baseline: what vcourt passes through untouched (default)
--codec h264-high  H.264 High profile: vcourt must transcode it
--codec mjpeg      Motion JPEG, as old cameras send: vcourt must transcode it
--audio            add a 440 Hz tone in G.711 A-law (PCMA), the usual camera audio

Prints one line `camera-simulator ready rtsp://127.0.0.1:<port><path>` once serving and exits
cleanly (status 0) on SIGTERM or SIGINT. Runs with Debian's /usr/bin/python3 (python3-gi).
"""
import argparse
import signal
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

FPS = 25
# A key frame every 2 s: the longest a browser joining late waits for a picture in pass-through.
GOP = 2 * FPS


def has(element):
    return Gst.ElementFactory.find(element) is not None


def video_branch(codec, width, height):
    # The ball moves and the SMPTE bars would not; a clock overlay where Debian's pango plugin is
    # installed (gstreamer1.0-x), otherwise the moving ball alone shows the picture is live.
    src = (f'videotestsrc is-live=true pattern=ball motion=sweep background-color=0xff203050 '
           f'! video/x-raw,width={width},height={height},framerate={FPS}/1')
    if has('clockoverlay'):
        src += ' ! clockoverlay time-format="%H:%M:%S" font-desc="Sans 24"'
    src += ' ! videoconvert'
    x264 = f'x264enc tune=zerolatency speed-preset=ultrafast key-int-max={GOP} bitrate=800'
    if codec == 'h264':
        enc = f'{x264} ! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1'
    elif codec == 'h264-high':
        enc = f'{x264.replace("ultrafast", "veryfast")} ! video/x-h264,profile=high ! rtph264pay name=pay0 pt=96 config-interval=-1'
    elif codec == 'mjpeg':
        enc = 'video/x-raw,format=I420 ! jpegenc quality=70 ! rtpjpegpay name=pay0 pt=26'
    else:
        raise ValueError(codec)
    return f'{src} ! {enc}'


def audio_branch():
    return ('audiotestsrc is-live=true wave=sine freq=440 volume=0.3 ! audioconvert ! audioresample '
            '! audio/x-raw,rate=8000,channels=1 ! alawenc ! rtppcmapay name=pay1 pt=8')


def main():
    parser = argparse.ArgumentParser(description='RTSP test camera on loopback')
    parser.add_argument('--port', type=int, default=8554)
    parser.add_argument('--path', default='/cam1')
    parser.add_argument('--codec', choices=['h264', 'h264-high', 'mjpeg'], default='h264')
    parser.add_argument('--audio', action='store_true')
    parser.add_argument('--width', type=int, default=640)
    parser.add_argument('--height', type=int, default=360)
    args = parser.parse_args()
    path = args.path if args.path.startswith('/') else '/' + args.path

    Gst.init(None)
    launch = video_branch(args.codec, args.width, args.height)
    if args.audio:
        launch += ' ' + audio_branch()

    server = GstRtspServer.RTSPServer()
    server.set_address('127.0.0.1')
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(f'( {launch} )')
    # One pipeline for every viewer, as a camera has one sensor.
    factory.set_shared(True)
    server.get_mount_points().add_factory(path, factory)
    if server.attach(None) == 0:
        print(f'camera-simulator: cannot listen on 127.0.0.1:{args.port}', file=sys.stderr)
        sys.exit(1)

    loop = GLib.MainLoop()

    def stop():
        loop.quit()
        return GLib.SOURCE_REMOVE

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, stop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, stop)
    print(f'camera-simulator ready rtsp://127.0.0.1:{args.port}{path} codec={args.codec} audio={"pcma" if args.audio else "none"}',
          flush=True)
    loop.run()


if __name__ == '__main__':
    main()
