/**
 * The native side of capture: an FFmpeg session per camera (JavaCV's {@code FFmpegFrameGrabber}) and an
 * FFmpeg MJPEG encoder that turns the decoded picture straight into a JPEG, without a detour through Java2D.
 * Nothing outside this package touches JavaCPP pointers.
 */
package dev.edgevideo.camera.ffmpeg;
