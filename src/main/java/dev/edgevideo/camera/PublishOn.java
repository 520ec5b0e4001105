package dev.edgevideo.camera;

/** Which sampled frames a camera publishes. */
public enum PublishOn {
    /** Every sampled frame. */
    every,
    /** Only frames that differ from the last published one, and one per heartbeat. */
    change
}
