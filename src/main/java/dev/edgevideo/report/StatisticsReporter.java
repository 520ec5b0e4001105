package dev.edgevideo.report;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.edgevideo.camera.CameraRegistry;
import dev.edgevideo.camera.ffmpeg.FfmpegCapture;
import dev.edgevideo.status.StatusService;
import org.apache.camel.CamelContext;
import org.apache.camel.StaticService;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the statistics block every {@code interval} (none when zero) and the final report when Camel stops it.
 * Camel stops services after the routes, so by then every camera has stopped and released its FFmpeg session,
 * and the report's counts are final.
 */
public class StatisticsReporter extends ServiceSupport implements StaticService {

    private static final Logger LOG = LoggerFactory.getLogger(StatisticsReporter.class);

    private final CamelContext camelContext;
    private final StatusService status;
    private final Duration interval;
    private final StoppedTime stopped = new StoppedTime();
    private ScheduledExecutorService scheduler;

    /**
     * @param cameras  the cameras, whose stops the final report leaves out of their rates
     * @param interval between two statistics blocks; zero for none (the final report is always logged)
     */
    public StatisticsReporter(CamelContext camelContext, StatusService status, CameraRegistry cameras,
                              Duration interval) {
        this.camelContext = camelContext;
        this.status = status;
        this.interval = interval;
        cameras.addListener(stopped);
    }

    @Override
    protected void doStart() {
        if (!interval.isZero()) {
            scheduler = camelContext.getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "EdgeVideoStatistics");
            scheduler.scheduleAtFixedRate(this::logStatistics, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            camelContext.getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
        long now = System.currentTimeMillis();
        LOG.info("{}", StatisticsReport.finalReport(status.cameras(), id -> stopped.seconds(id, now),
                new StatisticsReport.RunSummary(Duration.between(status.startedAt(), Instant.now()),
                        status.peakRssBytes(), status.governor().level().name(), status.jvmGcCount(),
                        status.governor().gcCount(), FfmpegCapture.openSessions())));
    }

    private void logStatistics() {
        try {
            LOG.info("{}", StatisticsReport.periodic(status.sinks(), status.cameras()));
        } catch (RuntimeException e) {
            LOG.warn("Cannot compute the statistics: {}", e.toString());
        }
    }
}
