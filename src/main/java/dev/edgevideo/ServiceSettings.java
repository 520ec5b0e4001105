package dev.edgevideo;

import dev.edgevideo.settings.Settings;

/**
 * The {@code edgevideo.*} settings that belong to no single feature's settings class: those the YAML routes read
 * as placeholders (checked here so a typo fails at start-up naming the key, not as a route that cannot be
 * created), and the intervals and paths the composition root hands to the features it builds.
 */
public final class ServiceSettings {

    public static final String PREFIX = "edgevideo.";

    private final Camera camera = new Camera();
    private final Throttle throttle = new Throttle();
    private final Metrics metrics = new Metrics();
    private final Statistics statistics = new Statistics();
    private final Demo demo = new Demo();

    public Camera getCamera() {
        return camera;
    }

    public Throttle getThrottle() {
        return throttle;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Statistics getStatistics() {
        return statistics;
    }

    public Demo getDemo() {
        return demo;
    }

    /** Checks every value; returns this. */
    public ServiceSettings validate() {
        Settings.require(camera.defaultFps > 0, PREFIX + "camera.default-fps", camera.defaultFps, "a rate above 0");
        Settings.require(camera.maxConcurrentReconnects >= 1, PREFIX + "camera.max-concurrent-reconnects",
                camera.maxConcurrentReconnects, "1 or more");
        Settings.require(throttle.periodMs >= 1, PREFIX + "throttle.period-ms", throttle.periodMs, "1 or more");
        Settings.require(metrics.systemIntervalSeconds >= 1, PREFIX + "metrics.system-interval-seconds",
                metrics.systemIntervalSeconds, "1 or more");
        Settings.require(statistics.intervalSeconds >= 0, PREFIX + "statistics.interval-seconds",
                statistics.intervalSeconds, "0 (off) or more");
        return this;
    }

    /** {@code edgevideo.camera.*}: what every camera entry gets unless it says otherwise. */
    public static final class Camera {
        private double defaultFps = 2;
        private int maxConcurrentReconnects = 4;

        /** Rate of cameras that do not set {@code fps} (the pipeline template's default). */
        public void setDefaultFps(double defaultFps) {
            this.defaultFps = defaultFps;
        }

        /** Cameras opening their stream at the same time, across all cameras (the camera component's option). */
        public void setMaxConcurrentReconnects(int maxConcurrentReconnects) {
            this.maxConcurrentReconnects = maxConcurrentReconnects;
        }
    }

    /** {@code edgevideo.throttle.*}: the pipeline's throttle EIP. */
    public static final class Throttle {
        private long periodMs = 2000;

        /** The throttle's period; rates down to 1000/period fps are possible. */
        public void setPeriodMs(long periodMs) {
            this.periodMs = periodMs;
        }
    }

    /** {@code edgevideo.metrics.*}. */
    public static final class Metrics {
        private long systemIntervalSeconds = 5;

        /** How often process and host figures (CPU, threads, RSS) are read, off the frame path. */
        public void setSystemIntervalSeconds(long systemIntervalSeconds) {
            this.systemIntervalSeconds = systemIntervalSeconds;
        }

        public long systemIntervalSeconds() {
            return systemIntervalSeconds;
        }
    }

    /** {@code edgevideo.statistics.*}. */
    public static final class Statistics {
        private long intervalSeconds = 30;

        /** Seconds between two statistics blocks in the log; 0 for none (the final report is always logged). */
        public void setIntervalSeconds(long intervalSeconds) {
            this.intervalSeconds = intervalSeconds;
        }

        public long intervalSeconds() {
            return intervalSeconds;
        }
    }

    /** {@code edgevideo.demo.*}. */
    public static final class Demo {
        private String clip = "samples/demo-720p.mp4";

        /** The demo cameras' clip ({@code bin/edge-video} sets an absolute path). */
        public void setClip(String clip) {
            this.clip = clip;
        }
    }
}
