package dev.edgevideo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.edgevideo.camera.CameraCounter;
import dev.edgevideo.camera.CameraState;
import dev.edgevideo.status.CameraView;
import dev.edgevideo.status.SinkView;
import org.junit.jupiter.api.Test;

class StatisticsReportTest {

    private static CameraView camera(String id, CameraState state, long captured, long rabbit, long redis,
                                     Map<String, Long> dropped, double capturingSeconds) {
        Map<String, Long> frames = new LinkedHashMap<>();
        frames.put(CameraCounter.CAPTURED.key(), captured);
        frames.put("rabbitmq", rabbit);
        frames.put("redis", redis);
        return new CameraView(id, id, state.name(), "node-1", state.isUp(),
                state == CameraState.BACKOFF ? "OPEN" : "CLOSED", "rtsp://***:***@cam",
                2.0, 2.0, 1.9, 10, 25, frames, dropped, Map.of(CameraCounter.RECONNECTS.key(), 3L),
                capturingSeconds > 0 ? 0.4 : null, capturingSeconds, null, 50_000,
                "h264", false, "all", "every", 0, null, "stream", false, null, "receiver", null);
    }

    @Test
    void periodicBlockHasSinksWithErrorRateAndOneLinePerCamera() {
        String block = StatisticsReport.periodic(
                List.of(new SinkView("rabbitmq", "RabbitMQ", "UP", 990, 10),
                        new SinkView("redis", "Redis", "DOWN", 0, 5)),
                List.of(camera("cam1", CameraState.STREAMING, 815, 810, 812, Map.of(), 400),
                        camera("cam6", CameraState.BACKOFF, 0, 0, 0, Map.of(), 0)));

        assertThat(block).contains("RabbitMQ: UP   - 990 published, 10 errors (1.00%)")
                .contains("Redis:    DOWN - 0 published, 5 errors (100.00%)")
                .contains("[cam1] STREAMING - frames 815, 1.90 fps, last 0s ago | circuit CLOSED")
                .contains("[cam6] BACKOFF - frames 0, 1.90 fps, last never | circuit OPEN");
    }

    @Test
    void finalReportGivesRealFpsEfficiencyDropsByReasonVolumeAndReconnects() {
        Map<String, Long> dropped = new LinkedHashMap<>();
        dropped.put("stale", 20L);
        dropped.put("throttled", 0L);
        dropped.put("redis_sink_error", 10L);
        String report = StatisticsReport.finalReport(
                List.of(camera("cam1", CameraState.STOPPED, 200, 190, 180, dropped, 100)), id -> 0,
                new StatisticsReport.RunSummary(Duration.ofSeconds(3725), 300L << 20, "NORMAL", 42, 2, 0));

        assertThat(report).contains("FINAL REPORT - ran 01:02:05")
                .contains("frames captured:  200 (2.00 fps real, target 2.00)")
                .contains("frames published: rabbitmq 190, redis 180")
                .contains("efficiency:       90.0%")
                .contains("dropped:          stale 20 (10.0%), redis_sink_error 10 (5.0%)")
                .contains("sent:             17.64 MB (estimated)")
                .contains("reconnects:       3")
                .contains("Memory: peak RSS 300 MB")
                .contains("GC: 42 collections (2 forced by the memory governor)")
                .contains("FFmpeg sessions still open: 0");
    }

    @Test
    void timeACameraWasStoppedDoesNotCountAgainstItsRatesOrEfficiency() {
        String report = StatisticsReport.finalReport(
                List.of(camera("cam1", CameraState.STREAMING, 100, 90, 95, Map.of(), 100),
                        camera("cam2", CameraState.STREAMING, 200, 180, 190, Map.of(), 100)),
                id -> id.equals("cam1") ? 50 : 0,
                new StatisticsReport.RunSummary(Duration.ofSeconds(110), 300L << 20, "NORMAL", 42, 0, 0));

        // cam1 ran 50 of its 100 s (stopped over JMX for the other 50) and delivered its target rate while it ran.
        assertThat(report).contains("[cam1]\n  frames captured:  100 (2.00 fps real, target 2.00)\n"
                                    + "  frames published: rabbitmq 90, redis 95\n  efficiency:       90.0%")
                .contains("[cam2]\n  frames captured:  200 (2.00 fps real, target 2.00)");
    }
}
