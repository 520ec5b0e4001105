#!/usr/bin/python3
"""A live H.264 RTSP camera for tests: GStreamer's RTSP server, which sends RTCP sender reports.

Usage: rtsp-server.py PORT [--fps N]
Serves rtsp://127.0.0.1:PORT/cam, a 320x240 moving test picture at N (10) frames per second.
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
    args = parser.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(
        "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=%d/1"
        " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=%d"
        " ! rtph264pay name=pay0 pt=96 config-interval=1 )" % (args.fps, args.fps))
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
