package dev.edgevideo.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.camera.CircuitState;
import org.junit.jupiter.api.Test;

class StoppedTimeTest {

    private final StoppedTime stopped = new StoppedTime();

    private static CameraStatus status(CameraState state, long secondsIn) {
        return new CameraStatus("cam1", state, CircuitState.CLOSED, 0, null, Instant.ofEpochSecond(1000 + secondsIn));
    }

    private static long at(long secondsIn) {
        return (1000 + secondsIn) * 1000;
    }

    @Test
    void countsEachStopAfterTheFirstFrameUntilTheCameraRunsAgainAndAStopGoingOnUntilNow() {
        stopped.changed(status(CameraState.STOPPED, 0), status(CameraState.CONNECTING, 0), false);
        stopped.changed(status(CameraState.CONNECTING, 0), status(CameraState.STREAMING, 1), false);
        stopped.changed(status(CameraState.STREAMING, 1), status(CameraState.STOPPED, 10), true);  // JMX stop
        stopped.changed(status(CameraState.STOPPED, 10), status(CameraState.CONNECTING, 40), true); // JMX start
        stopped.changed(status(CameraState.CONNECTING, 40), status(CameraState.STREAMING, 41), true);
        assertThat(stopped.seconds("cam1", at(100))).isEqualTo(30);

        stopped.changed(status(CameraState.STREAMING, 41), status(CameraState.STOPPED, 90), true);
        assertThat(stopped.seconds("cam1", at(100))).as("stopped now, since 90 s").isEqualTo(40);
        assertThat(stopped.seconds("cam2", at(100))).isZero();
    }

    @Test
    void aStopBeforeTheFirstFrameIsNotCountedForTheReportStartsCountingAtTheFirstFrame() {
        stopped.changed(status(CameraState.CONNECTING, 0), status(CameraState.STOPPED, 5), false);
        stopped.changed(status(CameraState.STOPPED, 5), status(CameraState.CONNECTING, 50), false);
        assertThat(stopped.seconds("cam1", at(100))).isZero();
    }
}
