package dev.edgevideo.governor;

import org.bytedeco.javacpp.Pointer;

/**
 * Reclaims with {@link System#gc()} and JavaCPP: FFmpeg frames live in native memory owned by JavaCPP pointers,
 * which a heap collection only marks as garbage; JavaCPP frees them when their references are processed.
 */
public final class JvmMemoryReclaimer implements MemoryReclaimer {

    @Override
    public void collectGarbage() {
        System.gc();
    }

    /**
     * Deallocates the native memory of pointers the collector found unreachable, then asks the C library to
     * return free heap pages to the operating system ({@code malloc_trim} on Linux), which lowers the resident
     * set size the governor measures.
     */
    @Override
    public void releaseNativeMemory() {
        Pointer.deallocateReferences();
        Pointer.trimMemory();
    }
}
