package dev.edgevideo.camera;

import static dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketAction.DECODE;
import static dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketAction.DECODE_ALONE;
import static dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketAction.DECODE_IF_REFERENCED;
import static dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketAction.SKIP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

import dev.edgevideo.camera.ffmpeg.FfmpegCapture.PacketAction;
import org.junit.jupiter.api.Test;

/**
 * AUTO's savings on packet sequences shaped like real encoders' output, with the sampler played by a slot grid:
 * each saving where it is safe, every frame decoded where it is not.
 */
class DecodeStrategyTest {

    private static final long FRAME = 40_000;
    private static final int GOP = 25;

    /** The sampler's next slot: a grid from 0, advanced past every decoded picture the way the slot sampler is. */
    private long nextSlot;
    private long slotInterval;
    private boolean decoderReorders;
    private boolean onStreamClock = true;
    private boolean packetsMayBeLost;

    private DecodeStrategy strategy(DecodeMode mode, double fps) {
        slotInterval = SlotSampler.intervalMicros(fps);
        // As the capture session has it: a picture up to a source frame before its slot fills it, less a frame.
        return new DecodeStrategy(mode, fps, () -> nextSlot, () -> nextSlot - 2 * FRAME, () -> decoderReorders,
                () -> onStreamClock, packetsMayBeLost);
    }

    /** Feeds frames {@code from} to {@code to} in presentation order (no B-frames), GOP 25; returns each action. */
    private List<PacketAction> inOrder(DecodeStrategy strategy, int from, int to) {
        List<PacketAction> actions = new ArrayList<>();
        for (int i = from; i < to; i++) {
            long time = i * FRAME;
            boolean key = i % GOP == 0;
            PacketAction action = strategy.onPacket(time, key);
            actions.add(action);
            if (action != SKIP) {
                strategy.onPicture(key, key, false);
                while (nextSlot <= time) {
                    nextSlot += slotInterval;
                }
            }
        }
        return actions;
    }

    @Test
    void keyframesOnlyOnceTheGopIsKnownAndTheRateAllowsIt() {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 1);
        List<PacketAction> learning = inOrder(strategy, 0, 4 * GOP);
        assertThat(learning).as("no packet skipped outright while four GOPs are learnt").doesNotContain(SKIP);
        List<PacketAction> after = inOrder(strategy, 4 * GOP, 6 * GOP);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.KEYFRAMES);
        assertThat(after.get(0)).isEqualTo(DECODE_ALONE);
        assertThat(after.subList(1, GOP)).containsOnly(SKIP);
    }

    @Test
    void theTailOfEachGopIsSkippedOnlyAfterItsLastSample() {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 2);
        inOrder(strategy, 0, 5 * GOP);
        List<PacketAction> gop = inOrder(strategy, 5 * GOP, 6 * GOP);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.GOP_TAIL);
        // Samples at 0 and 0.5 s of the GOP (frames 0 and 13 at 40 ms): frames 14 to 24 are never needed.
        assertThat(gop.subList(0, 14)).containsOnly(DECODE);
        assertThat(gop.subList(14, GOP)).containsOnly(SKIP);
    }

    @Test
    void bFramesAboveTheKeyframeRateLeaveOnlyTheDisposablePicturesBetweenSamplesUndecoded() {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 2);
        decoderReorders = true;
        List<PacketAction> actions = inOrder(strategy, 0, 8 * GOP);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.REFERENCES);
        assertThat(strategy.whyNoGopSaving()).contains("B-frames");
        assertThat(actions).as("nothing skipped outright: no keyframe to wait for").doesNotContain(SKIP);
        for (int i = 0; i < actions.size(); i++) {
            long sinceSlot = Math.floorMod(i * FRAME, slotInterval);
            // The two frames before a slot may fill it (one source frame early, one frame of margin), and so may
            // the first one at or after it.
            boolean nearSlot = sinceSlot < FRAME || slotInterval - sinceSlot <= 2 * FRAME;
            assertThat(actions.get(i)).as("frame %d, %d us after a slot", i, sinceSlot)
                    .isEqualTo(nearSlot ? DECODE : DECODE_IF_REFERENCED);
        }
    }

    @Test
    void reorderedTimestampsAloneAreEnoughToStopTheTailSkip() {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 2);
        // Decode order I P B B: the B-frames' times go back, although the decoder did not say it reorders.
        long[] decodeOrder = {0, 3, 1, 2};
        for (long frame : decodeOrder) {
            strategy.onPacket(frame * FRAME, frame == 0);
        }
        inOrder(strategy, 4, 8 * GOP);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.REFERENCES);
    }

    /**
     * Feeds {@code frames} frames at 0.5 fps wanted, each packet's time, keyframe flag and whether its keyframe
     * decodes to an I picture given by frame number, checking that no packet is skipped outright (each reference
     * picture is decoded); returns the strategy.
     */
    private DecodeStrategy noPacketSkipped(int frames, IntToLongFunction time, IntPredicate key, IntPredicate intra) {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 0.5);
        for (int i = 0; i < frames; i++) {
            assertThat(strategy.onPacket(time.applyAsLong(i), key.test(i))).as("frame %d", i).isNotEqualTo(SKIP);
            strategy.onPicture(key.test(i), intra.test(i), false);
        }
        return strategy;
    }

    @Test
    void sceneCutKeyframesMeanEveryReferenceFrameIsDecoded() {
        Set<Integer> cuts = Set.of(0, 25, 90, 100, 160, 250, 260);
        DecodeStrategy strategy = noPacketSkipped(300, i -> i * FRAME, cuts::contains, cuts::contains);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.REFERENCES);
        assertThat(strategy.whyNoGopSaving()).contains("irregularly");
    }

    @Test
    void keyframesThatAreNotIFramesAreNeverDecodedAlone() {
        // Periodic intra refresh: recovery points are flagged as keyframes but decode to P pictures.
        DecodeStrategy strategy = noPacketSkipped(8 * GOP, i -> i * FRAME, i -> i % GOP == 0, i -> i == 0);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.REFERENCES);
        assertThat(strategy.whyNoGopSaving()).contains("intra refresh");
    }

    @Test
    void packetsWithoutTimestampsMeanEveryFrameIsDecoded() {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 0.5);
        for (int i = 0; i < 8 * GOP; i++) {
            assertThat(strategy.onPacket(Long.MIN_VALUE, i % GOP == 0)).as("frame %d", i).isEqualTo(DECODE);
            strategy.onPicture(i % GOP == 0, i % GOP == 0, false);
        }
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.ALL);
        assertThat(strategy.whyNoGopSaving()).contains("no timestamps");
    }

    @Test
    void anRtspSessionWhoseFirstPacketHasNoTimestampStillSavesOnceTheOthersHave() {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 1);
        assertThat(strategy.onPacket(Long.MIN_VALUE, true)).isEqualTo(DECODE);
        strategy.onPicture(true, true, false);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.ALL);
        inOrder(strategy, 1, 6 * GOP);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.KEYFRAMES);
        assertThat(inOrder(strategy, 6 * GOP, 7 * GOP).subList(1, GOP)).containsOnly(SKIP);
    }

    @Test
    void aGopLongerThanPromisedStopsTheTailSkipAndTheLostFrameIsOnTheDecodeStrategy() {
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 2);
        inOrder(strategy, 0, 6 * GOP);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.GOP_TAIL);
        // The next keyframe is 10 frames late: frames 150 .. 184, no keyframe at 175.
        for (int i = 6 * GOP; i < 6 * GOP + 35; i++) {
            PacketAction action = strategy.onPacket(i * FRAME, i == 6 * GOP);
            if (action != SKIP) {
                strategy.onPicture(i == 6 * GOP, i == 6 * GOP, false);
                while (nextSlot <= i * FRAME) {
                    nextSlot += slotInterval;
                }
            }
        }
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.REFERENCES);
        assertThat(strategy.whyNoGopSaving()).contains("GOP grew");
        assertThat(strategy.skippedSince(7 * 1_000_000L)).as("the slot at 7.0 s had its frame skipped").isTrue();
    }

    @Test
    void aSourceThatCanLosePacketsNeverWaitsForAKeyframe() {
        packetsMayBeLost = true;
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 1);
        List<PacketAction> actions = inOrder(strategy, 0, 8 * GOP);
        assertThat(actions).doesNotContain(SKIP, DECODE_ALONE).contains(DECODE_IF_REFERENCED);
        assertThat(strategy.kind()).isEqualTo(DecodeStrategy.Kind.REFERENCES);
        assertThat(strategy.whyNoGopSaving()).contains("RTSP over UDP");
    }

    @Test
    void noSavingWhileSamplingOnArrivalTime() {
        onStreamClock = false;
        DecodeStrategy strategy = strategy(DecodeMode.AUTO, 0.5);
        assertThat(inOrder(strategy, 0, 8 * GOP)).containsOnly(DECODE);
    }

    @Test
    void allAndKeyframesModesAreHonouredWhateverTheStream() {
        assertThat(inOrder(strategy(DecodeMode.ALL, 0.5), 0, 8 * GOP)).containsOnly(DECODE);
        List<PacketAction> keyframesOnly = inOrder(strategy(DecodeMode.KEYFRAMES, 10), 0, 2 * GOP);
        assertThat(keyframesOnly.get(0)).isEqualTo(DECODE_ALONE);
        assertThat(keyframesOnly.subList(1, GOP)).containsOnly(SKIP);
    }
}
