#!/usr/bin/python3
"""A live H.264 RTSP camera for tests: GStreamer's RTSP server, which sends RTCP sender reports.

Usage: rtsp-server.py PORT [--fps N] [--drop-probability P]
Serves rtsp://127.0.0.1:PORT/cam, a 320x240 moving test picture at N (10) frames per second.
With --drop-probability, each RTP packet is lost with probability P (0.01: 1 %), as on a lossy network.
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
    factory.set_launch(
        "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=%d/1"
        " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d"
        " ! %s )" % (args.fps, args.fps, payloader))
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
