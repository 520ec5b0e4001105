package dev.edgevideo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The design edge-video replaces, as its capacity analysis planned it: one persistent ffmpeg process per camera,
 * {@code ffmpeg -re -stream_loop -1 -i CLIP -vf fps=N -f image2pipe -vcodec mjpeg -q:v 5 -threads 1 -}, its JPEGs
 * read from the pipe and counted. Nothing is published: it is the baseline's best case.
 */
final class BaselineRun implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<AtomicLong> frames = new ArrayList<>();

    static BaselineRun start(Path clip, int cameras, double fps) throws IOException {
        BaselineRun run = new BaselineRun();
        for (int i = 0; i < cameras; i++) {
            Process process = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
                    "-stream_loop", "-1", "-i", clip.toString(), "-vf", "fps=" + fps, "-f", "image2pipe",
                    "-vcodec", "mjpeg", "-q:v", "5", "-threads", "1", "-")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            AtomicLong count = new AtomicLong();
            Thread reader = new Thread(() -> countJpegs(process.getInputStream(), count), "baseline-reader-" + i);
            reader.setDaemon(true);
            reader.start();
            run.processes.add(process);
            run.frames.add(count);
        }
        return run;
    }

    /** Counts JPEG start-of-image markers (FF D8 FF) in the pipe. */
    private static void countJpegs(InputStream in, AtomicLong count) {
        byte[] buffer = new byte[1 << 16];
        int state = 0;
        try (in) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    int b = buffer[i] & 0xFF;
                    state = switch (state) {
                        case 0 -> b == 0xFF ? 1 : 0;
                        case 1 -> b == 0xD8 ? 2 : (b == 0xFF ? 1 : 0);
                        default -> {
                            if (b == 0xFF) {
                                count.incrementAndGet();
                            }
                            yield b == 0xFF ? 1 : 0;
                        }
                    };
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    double cpuSeconds() {
        return processes.stream().mapToDouble(p -> ProcessStats.cpuSeconds(p.pid())).sum();
    }

    double rssMb() {
        return processes.stream().mapToDouble(p -> ProcessStats.rssMb(p.pid())).sum();
    }

    /** JPEGs read so far, per camera. */
    List<Long> frames() {
        return frames.stream().map(AtomicLong::get).toList();
    }

    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
