package dev.edgevideo.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One persistent ffmpeg process (Debian's) per camera, its JPEGs read from the pipe and counted. Nothing is
 * published: it is the baseline's best case. Two designs ({@link Design}): the one edge-video replaces, and the one a
 * careful user would write today. A file source is played as the service plays it, in real time and looped
 * ({@code -re -stream_loop -1}); a live source (RTSP) is read as it comes, over TCP as the service does.
 */
final class BaselineRun implements AutoCloseable {

    /** A baseline's ffmpeg command line. */
    enum Design {
        /**
         * The seed's design, as its capacity analysis planned it: {@code ffmpeg -i SRC -vf fps=N -f image2pipe
         * -vcodec mjpeg -q:v 5 -threads 1 -} (one encoder thread; the decoder at ffmpeg's default,
         * {@code threads auto}).
         */
        SEED("baseline (ffmpeg per camera, nothing published)"),
        /**
         * What a careful user writes to decode less: {@code ffmpeg -threads 1 -skip_frame noref -i SRC -vf fps=N
         * -c:v mjpeg -q:v 5 -threads 1 -f image2pipe -}: one decoder thread, and frames nothing refers to (the
         * non-reference B-frames of H.264 and HEVC) not decoded at all. ({@code noref} is the name FFmpeg accepts;
         * {@code nonref} is refused.)
         */
        CAREFUL("careful baseline (ffmpeg -threads 1 -skip_frame noref per camera)");

        final String label;

        Design(String label) {
            this.label = label;
        }

        List<String> command(String source, boolean live, double fps, int quality) {
            List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error"));
            command.addAll(live ? List.of("-rtsp_transport", "tcp") : List.of("-re", "-stream_loop", "-1"));
            if (this == CAREFUL) {
                command.addAll(List.of("-threads", "1", "-skip_frame", "noref"));
            }
            command.addAll(List.of("-i", source, "-vf", "fps=" + fps));
            command.addAll(this == SEED
                    ? List.of("-f", "image2pipe", "-vcodec", "mjpeg", "-q:v", String.valueOf(quality), "-threads", "1")
                    : List.of("-c:v", "mjpeg", "-q:v", String.valueOf(quality), "-threads", "1", "-f", "image2pipe"));
            command.add("-");
            return command;
        }
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<AtomicLong> frames = new ArrayList<>();

    /** N processes of one design on the source: a file path or an rtsp:// URL ({@code live}). */
    static BaselineRun start(Design design, String source, boolean live, int cameras, double fps, int quality)
            throws IOException {
        BaselineRun run = new BaselineRun();
        for (int i = 0; i < cameras; i++) {
            Process process = new ProcessBuilder(design.command(source, live, fps, quality))
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
