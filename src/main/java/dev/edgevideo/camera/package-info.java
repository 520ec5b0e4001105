/**
 * The {@code camera:} Camel component: one persistent in-process FFmpeg session per camera, sampled at a
 * target rate with a latest-frame policy, emitting JPEG frames with their real metadata.
 * <p>
 * The grab thread never waits for the route: it hands each sampled frame to the route thread through a
 * one-slot {@link dev.edgevideo.camera.FrameMailbox}, so memory per camera is bounded by construction.
 * Everything that touches native FFmpeg lives in {@code dev.edgevideo.camera.ffmpeg}.
 */
package dev.edgevideo.camera;
