package dev.edgevideo.governor;

/** Which reading set the memory level: this process against its limit, or the whole system's RAM. */
public enum MemorySignal {

    /** This process's resident memory as a share of the configured or automatic limit. */
    PROCESS,
    /** RAM used by all processes as a share of the system's RAM: other programs can starve us too. */
    SYSTEM
}
