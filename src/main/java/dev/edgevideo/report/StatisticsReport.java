package dev.edgevideo.report;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.sink.Sink;
import dev.edgevideo.status.CameraView;
import dev.edgevideo.status.SinkView;

/**
 * Formats the statistics blocks. Pure text from views, so its wording is tested without a running service.
 */
final class StatisticsReport {

    private static final String RULE = "=".repeat(72);
    private static final double MB = 1024d * 1024d;

    private StatisticsReport() {
    }

    /** The periodic block: sinks, then one line per camera. */
    static String periodic(List<SinkView> sinks, List<CameraView> cameras) {
        StringBuilder text = new StringBuilder("\n").append(RULE).append("\nSTATISTICS\n").append(RULE).append('\n');
        for (SinkView sink : sinks) {
            text.append(String.format(Locale.ROOT, "%-9s %-4s - %d published, %d errors (%.2f%%)%n", sink.name() + ":",
                    sink.state(), sink.published(), sink.errors(), sink.errorPercent()));
        }
        for (CameraView camera : cameras) {
            text.append(String.format(Locale.ROOT, "[%s] %s - frames %d, %.2f fps, last %s | circuit %s%n", camera.id(),
                    camera.state(), camera.frames().get(CameraCounter.CAPTURED.key()), camera.fps(),
                    age(camera.lastFrameAgeSeconds()), camera.circuit()));
        }
        return text.append(RULE).toString();
    }

    /** What the final report says about the whole run besides the cameras. */
    record RunSummary(Duration uptime, long peakRssBytes, String memoryLevel, long jvmGcCount, long forcedGcCount,
                      int openFfmpegSessions) {
    }

    /**
     * The final report: per camera frames, rates, efficiency, drops, volume and reconnects; memory and GC. Rates
     * are over the time the camera ran since its first frame, so neither start-up time nor the time it was stopped
     * counts against a camera.
     *
     * @param stoppedSeconds per camera id, the seconds it was stopped since its first frame
     */
    static String finalReport(List<CameraView> cameras, ToDoubleFunction<String> stoppedSeconds, RunSummary run) {
        StringBuilder text = new StringBuilder("\n").append(RULE).append('\n')
                .append(String.format(Locale.ROOT, "FINAL REPORT - ran %s%n", duration(run.uptime()))).append(RULE)
                .append('\n');
        for (CameraView camera : cameras) {
            double seconds = Math.max(1, camera.capturingSeconds() - stoppedSeconds.applyAsDouble(camera.id()));
            long captured = camera.frames().get(CameraCounter.CAPTURED.key());
            long inEverySink = Math.min(camera.published(Sink.RABBITMQ), camera.published(Sink.REDIS));
            long publishedAll = camera.published(Sink.RABBITMQ) + camera.published(Sink.REDIS);
            double realFps = captured / seconds;
            double efficiency = camera.targetFps() > 0 ? inEverySink / seconds / camera.targetFps() * 100 : 0;
            text.append(String.format(Locale.ROOT, "[%s]%n", camera.id()))
                    .append(String.format(Locale.ROOT, "  frames captured:  %d (%.2f fps real, target %.2f)%n",
                            captured, realFps, camera.targetFps()))
                    .append(String.format(Locale.ROOT, "  frames published: rabbitmq %d, redis %d%n",
                            camera.published(Sink.RABBITMQ), camera.published(Sink.REDIS)))
                    .append(String.format(Locale.ROOT, "  efficiency:       %.1f%% (frames in both sinks per second"
                                                       + " / target)%n", efficiency))
                    .append("  dropped:          ").append(dropped(camera.dropped(), captured)).append('\n')
                    .append(String.format(Locale.ROOT, "  sent:             %.2f MB (estimated)%n",
                            publishedAll * camera.averageFrameBytes() / MB))
                    .append(String.format(Locale.ROOT, "  reconnects:       %d%n",
                            camera.events().get(CameraCounter.RECONNECTS.key())));
        }
        text.append(String.format(Locale.ROOT, "Memory: peak RSS %.0f MB, level at the end %s%n",
                        run.peakRssBytes() / MB, run.memoryLevel()))
                .append(String.format(Locale.ROOT, "GC: %d collections (%d forced by the memory governor)%n",
                        run.jvmGcCount(), run.forcedGcCount()))
                .append(String.format(Locale.ROOT, "FFmpeg sessions still open: %d%n", run.openFfmpegSessions()))
                .append(RULE);
        return text.toString();
    }

    private static String dropped(Map<String, Long> dropped, long captured) {
        String reasons = dropped.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %d (%.1f%%)", e.getKey(), e.getValue(),
                        captured == 0 ? 0 : e.getValue() * 100d / captured))
                .collect(Collectors.joining(", "));
        return reasons.isEmpty() ? "none" : reasons;
    }

    private static String age(Double seconds) {
        return seconds == null ? "never" : String.format(Locale.ROOT, "%.0fs ago", seconds);
    }

    private static String duration(Duration d) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
