package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChangeGateTest {

    private static final long SECOND = 1_000_000;

    @Test
    void everyFramePublishesWhateverItsScore() {
        ChangeGate gate = new ChangeGate(PublishOn.every, 1.0, 10_000);
        gate.published(null, 0);
        assertThat(gate.publishes(0, SECOND)).isTrue();
    }

    @Test
    void onChangeAFrameAboveTheThresholdIsPublishedAndOneAtOrBelowIsNot() {
        ChangeGate gate = new ChangeGate(PublishOn.change, 1.0, 10_000);
        gate.published(null, 0);
        assertThat(gate.publishes(1.01, SECOND)).isTrue();
        assertThat(gate.publishes(1.0, SECOND)).isFalse();
        assertThat(gate.publishes(0, SECOND)).isFalse();
    }

    @Test
    void stillSceneIsPublishedOnceTheHeartbeatPassedSinceTheLastPublishedFrame() {
        ChangeGate gate = new ChangeGate(PublishOn.change, 1.0, 10_000);
        gate.published(null, 5 * SECOND);
        assertThat(gate.publishes(0, 14 * SECOND + 999_999)).isFalse();
        assertThat(gate.publishes(0, 15 * SECOND)).isTrue();
        gate.published(null, 15 * SECOND);
        assertThat(gate.publishes(0, 16 * SECOND)).as("the heartbeat counts from the last published").isFalse();
    }

    @Test
    void frameWithoutScoreIsAlwaysPublished() {
        ChangeGate gate = new ChangeGate(PublishOn.change, 1.0, 10_000);
        assertThat(gate.score(null)).as("no picture (MJPEG passed through)").isNaN();
        gate.published(null, 0);
        assertThat(gate.publishes(Double.NaN, SECOND)).isTrue();
    }
}
