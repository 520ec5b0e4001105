package dev.edgevideo.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from /proc (Linux). */
final class ProcessStats {

    /** Clock ticks per second of /proc/PID/stat times; 100 on every Linux this runs on. */
    private static final double CLOCK_TICKS = 100.0;

    private ProcessStats() {
    }

    /** User plus system CPU seconds the process has used so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident set size in MB, NaN when the process is gone. */
    static double rssMb(long pid) {
        return status(pid, "VmRSS:") / 1024.0;
    }

    /** Threads of the process, -1 when it is gone. */
    static int threads(long pid) {
        double threads = status(pid, "Threads:");
        return Double.isNaN(threads) ? -1 : (int) threads;
    }

    /** Open file descriptors (files, sockets, pipes) of the process, -1 when it is gone. */
    static int openFiles(long pid) {
        String[] fds = new File("/proc/" + pid + "/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** The number on one line of /proc/PID/status, NaN when the process is gone. */
    private static double status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return Double.NaN;
    }
}
