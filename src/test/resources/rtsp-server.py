#!/usr/bin/python3
"""A live H.264 RTSP camera for tests: GStreamer's RTSP server, which sends RTCP sender reports.

Usage: rtsp-server.py PORT [--fps N] [--drop-probability P] [--size WxH] [--key-int N] [--bitrate KBPS]
Serves rtsp://127.0.0.1:PORT/cam, a 320x240 moving test picture (a ball) at N (10) frames per second, a keyframe
every second. With --drop-probability, each RTP packet is lost with probability P (0.01: 1 %), as on a lossy
network. With --size, a camera-like picture instead (moving colour bars, x264's superfast preset: CABAC as camera
encoders use, still no B-frames) at that size, a keyframe every --key-int frames, at --bitrate kbit/s: the bench's
live source (bench/run --source rtsp-720p).
Run with /usr/bin/python3: it needs the system's python3-gi.
"""
import argparse
import signal

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--fps", type=int, default=10)
    parser.add_argument("--drop-probability", type=float, default=0.0)
    parser.add_argument("--size")
    parser.add_argument("--key-int", type=int)
    parser.add_argument("--bitrate", type=int, default=2048)
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    # Loss is made after the payloader, on whole RTP packets, as a network loses them: the element the server
    # sends from must be named pay0, so with loss that is the identity behind the payloader. (A UDP relay
    # in the test would have to rewrite the ports that RTSP SETUP negotiates; dropping here needs none of that.)
    payloader = "rtph264pay name=pay0 pt=96 config-interval=1"
    if args.drop_probability > 0:
        payloader = ("rtph264pay pt=96 config-interval=1 ! identity name=pay0 drop-probability=%f"
                     % args.drop_probability)
    if args.size:
        width, height = args.size.split("x")
        source = ("videotestsrc is-live=true pattern=smpte horizontal-speed=4 ! video/x-raw,width=%s,height=%s,"
                  "framerate=%d/1 ! x264enc tune=zerolatency speed-preset=superfast key-int-max=%d bitrate=%d"
                  % (width, height, args.fps, args.key_int or 2 * args.fps, args.bitrate))
    else:
        source = ("videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=%d/1"
                  " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d" % (args.fps, args.fps))
    factory.set_launch("( %s ! %s )" % (source, payloader))
    # One pipeline for every client, so all of them see one stream on one clock.
    factory.set_shared(True)
    server.get_mount_points().add_factory("/cam", factory)
    server.attach(None)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    print("rtsp://127.0.0.1:%d/cam" % args.port, flush=True)
    loop.run()


if __name__ == "__main__":
    main()
