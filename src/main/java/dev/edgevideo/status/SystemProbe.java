package dev.edgevideo.status;

import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Reads the process and the host with OSHI. The CPU figure is the process's CPU time between two readings, so the
 * first reading reports the average since the process started.
 */
final class SystemProbe {

    private final OperatingSystem os;
    private final GlobalMemory memory;
    private final int pid;
    private OSProcess previous;

    SystemProbe() {
        SystemInfo info = new SystemInfo();
        os = info.getOperatingSystem();
        memory = info.getHardware().getMemory();
        pid = os.getProcessId();
    }

    synchronized SystemSnapshot sample() {
        OSProcess process = os.getProcess(pid);
        if (process == null) {
            throw new IllegalStateException("OSHI cannot read process " + pid);
        }
        double cpu = process.getProcessCpuLoadBetweenTicks(previous) * 100;
        previous = process;
        long total = memory.getTotal();
        double used = total > 0 ? (total - memory.getAvailable()) * 100d / total : 0;
        return new SystemSnapshot(cpu, process.getResidentSetSize(), total, used, process.getThreadCount());
    }
}
