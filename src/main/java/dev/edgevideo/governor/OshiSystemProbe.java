package dev.edgevideo.governor;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;

import org.bytedeco.javacpp.Pointer;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;

/**
 * The service's one OSHI reader of this process and the host: memory for the governor, and CPU and threads as
 * well for the status page and system metrics. The heap comes from the JVM and native
 * memory from JavaCPP.
 * <p>
 * OSHI's process object caches its attributes; each reading refreshes it. Readings are synchronized because
 * {@link OSProcess#updateAttributes()} mutates that shared object.
 */
public final class OshiSystemProbe implements MemoryProbe {

    private final GlobalMemory memory;
    private final OSProcess process;
    private final MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
    /** CPU time and up time of the process at the previous {@link #sampleProcess()}, in ms; 0 before it. */
    private long previousCpuMillis;
    private long previousUpMillis;

    /** Looks up this process and the system's memory once; readings reuse them. */
    public OshiSystemProbe() {
        SystemInfo systemInfo = new SystemInfo();
        this.memory = systemInfo.getHardware().getMemory();
        this.process = systemInfo.getOperatingSystem().getCurrentProcess();
    }

    @Override
    public synchronized MemorySnapshot sample() {
        refresh();
        return memorySnapshot();
    }

    /**
     * Memory, CPU and threads. The CPU figure is the process's CPU time since the previous call of this method
     * (the governor's memory readings do not move it), so the first reports the average since the process started.
     */
    public synchronized SystemSnapshot sampleProcess() {
        refresh();
        long cpuMillis = process.getKernelTime() + process.getUserTime();
        long upMillis = process.getUpTime();
        long elapsed = upMillis - previousUpMillis;
        double cpuPercent = elapsed > 0 ? (cpuMillis - previousCpuMillis) * 100d / elapsed : 0;
        previousCpuMillis = cpuMillis;
        previousUpMillis = upMillis;
        MemorySnapshot memory = memorySnapshot();
        return new SystemSnapshot(cpuPercent, memory.processRssBytes(), memory.systemTotalBytes(),
                memory.systemUsedPercent(), process.getThreadCount());
    }

    private void refresh() {
        if (!process.updateAttributes()) {
            throw new IllegalStateException("OSHI could not read the attributes of process " + process.getProcessID());
        }
    }

    private MemorySnapshot memorySnapshot() {
        long total = memory.getTotal();
        MemoryUsage heapUsage = heap.getHeapMemoryUsage();
        return new MemorySnapshot(process.getResidentSetSize(), total, total - memory.getAvailable(),
                heapUsage.getUsed(), heapUsage.getMax(), Pointer.physicalBytes(), Pointer.totalBytes());
    }
}
