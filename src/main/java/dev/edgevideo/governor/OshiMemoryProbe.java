package dev.edgevideo.governor;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

import org.bytedeco.javacpp.Pointer;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;

/**
 * Reads process and system memory with OSHI, the heap from the JVM and native memory from JavaCPP.
 * <p>
 * OSHI's process object caches its attributes; each sample refreshes it for the current pid. Sampling is
 * synchronized because {@link OSProcess#updateAttributes()} mutates that shared object.
 */
public final class OshiMemoryProbe implements MemoryProbe {

    private final GlobalMemory memory;
    private final OSProcess process;
    private final MemoryMXBean heap = ManagementFactory.getMemoryMXBean();

    /** Looks up this process and the system's memory once; sampling reuses them. */
    public OshiMemoryProbe() {
        SystemInfo systemInfo = new SystemInfo();
        this.memory = systemInfo.getHardware().getMemory();
        this.process = systemInfo.getOperatingSystem().getCurrentProcess();
    }

    @Override
    public synchronized MemorySnapshot sample() {
        if (!process.updateAttributes()) {
            throw new IllegalStateException("OSHI could not read the attributes of process " + process.getProcessID());
        }
        long total = memory.getTotal();
        MemoryUsage heapUsage = heap.getHeapMemoryUsage();
        return new MemorySnapshot(process.getResidentSetSize(), total, total - memory.getAvailable(),
                heapUsage.getUsed(), heapUsage.getMax(), Pointer.physicalBytes(), Pointer.totalBytes());
    }
}
