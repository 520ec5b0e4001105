package dev.edgevideo.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.edgevideo.camera.CameraState;
import dev.edgevideo.camera.CameraStatus;
import dev.edgevideo.camera.CircuitState;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private static final ZoneId SAO_PAULO = ZoneOffset.ofHours(-3);

    @Test
    void seedTimestampsHaveNineFractionDigitsAndTheOffsetLikeGo() {
        assertThat(WireFormat.rfc3339(1_762_535_001_123_456_789L, SAO_PAULO))
                .isEqualTo("2025-11-07T14:03:21.123456789-03:00");
        assertThat(WireFormat.rfc3339(1_762_535_001_000_000_000L, ZoneOffset.UTC))
                .as("trailing zeros kept, Z in UTC").isEqualTo("2025-11-07T17:03:21.000000000Z");
    }

    @Test
    void seedKeysPadTheSequenceToFiveDigitsAndNativeKeysDoNot() {
        assertThat(WireFormat.SEED.sequence(1)).isEqualTo("00001");
        assertThat(WireFormat.SEED.sequence(123_456)).isEqualTo("123456");
        assertThat(WireFormat.NATIVE.sequence(1)).isEqualTo("1");
    }

    @Test
    void theVhostSegmentIsTheVhostNameWithDefaultForTheRootVhost() {
        assertThat(WireFormat.vhostSegment("/")).isEqualTo("default");
        assertThat(WireFormat.vhostSegment("/supermercado_vhost")).isEqualTo("supermercado_vhost");
        assertThat(WireFormat.vhostSegment("supermercado_vhost")).isEqualTo("supermercado_vhost");
        assertThat(WireFormat.vhostSegment("")).as("native keys have none").isEmpty();
    }

    @Test
    void seedCameraStatusLeavesOutZeroFailuresAndNoErrorAndMapsTheState() {
        Instant since = Instant.ofEpochSecond(1_762_535_001L, 5);
        var streaming = CameraStatusEvents.seedEvent(new CameraStatus("cam4", CameraState.STREAMING,
                CircuitState.CLOSED, 0, null, since), SAO_PAULO);
        assertThat(streaming).containsOnlyKeys("event_type", "camera_id", "timestamp", "state", "message")
                .containsEntry("state", "active").containsEntry("timestamp", "2025-11-07T14:03:21.000000005-03:00");
        var failing = CameraStatusEvents.seedEvent(new CameraStatus("cam4", CameraState.BACKOFF,
                CircuitState.CLOSED, 2, "Connection refused", since), SAO_PAULO);
        assertThat(failing).containsEntry("state", "inactive").containsEntry("consecutive_failures", 2)
                .containsEntry("last_error", "Connection refused");
        var open = CameraStatusEvents.seedEvent(new CameraStatus("cam4", CameraState.BACKOFF, CircuitState.OPEN, 5,
                "Connection refused", since), SAO_PAULO);
        assertThat(open).containsEntry("state", "offline");
    }
}
