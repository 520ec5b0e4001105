package dev.edgevideo.camera;

import static dev.edgevideo.camera.CameraCounter.CAPTURED;
import static dev.edgevideo.camera.CameraCounter.DECODED;
import static dev.edgevideo.camera.CameraCounter.DELIVERED;
import static dev.edgevideo.camera.CameraCounter.STALE;
import static dev.edgevideo.camera.CameraCounter.THROTTLED;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import dev.edgevideo.testing.Jpeg;
import dev.edgevideo.testing.TestClips;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera consumer on a real clip, real FFmpeg, into mock endpoints. */
class CameraConsumerTest extends CamelTestSupport {

    @TempDir
    static Path dir;
    static Path clip;

    @BeforeAll
    static void writeClip() throws Exception {
        clip = TestClips.h264(dir.resolve("clip.mp4"), 640, 360, 25, 2, 25);
    }

    /** A stand-in for the memory governor, at a rate the test sets. */
    private volatile double cap = Double.MAX_VALUE;

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("frameRateCap", (FrameRateCap) requested -> Math.min(requested, cap));
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("camera:fast?fps=4&loop=true&url=" + clip).routeId("fast").to("mock:fast");
                // A route slower than the camera: the camera must not queue up frames behind it.
                from("camera:slow?fps=10&loop=true&url=" + clip).routeId("slow").delay(1000).to("mock:slow");
                // The clip has a keyframe every second (GOP 25 at 25 fps).
                from("camera:keyframes?fps=1&loop=true&url=" + clip).routeId("keyframes").to("mock:keyframes");
                from("camera:capped?fps=5&loop=true&url=" + clip).routeId("capped").to("mock:capped");
                from("camera:tail?fps=2&loop=true&url=" + clip).routeId("tail").to("mock:tail");
            }
        };
    }

    @Test
    void emitsJpegFramesWithMetadataHeadersAtTheTargetRate() throws Exception {
        MockEndpoint fast = getMockEndpoint("mock:fast");
        fast.expectedMinimumMessageCount(8);
        fast.assertIsSatisfied(10_000);
        List<Exchange> frames = fast.getReceivedExchanges();
        Message first = frames.get(0).getMessage();
        assertThat(Jpeg.decode(first.getBody(byte[].class)).getWidth()).isEqualTo(640);
        CapturedFrame metadata = frame(frames.get(0));
        assertThat(metadata.cameraId()).isEqualTo("fast");
        assertThat(metadata.width()).isEqualTo(640);
        assertThat(metadata.height()).isEqualTo(360);
        assertThat(metadata.sourceCodec()).isEqualTo("h264");
        assertThat(metadata.keyFrame()).isTrue();
        assertThat(metadata.jpeg()).as("the body is the frame's JPEG").isSameAs(first.getBody(byte[].class));
        assertThat(first.getHeaders()).as("one typed header per frame").containsOnlyKeys(CameraConstants.FRAME);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frame(frames.get(i)).sequence())
                    .as("sequence is monotonic").isGreaterThan(
                            frame(frames.get(i - 1)).sequence());
        }
        // Real-time playback at 4 fps: 8 frames take about 2 s, not the few ms a flat-out decode would.
        long spanMillis = frame(frames.get(7)).epochMillis()
                          - frame(frames.get(0)).epochMillis();
        assertThat(spanMillis).isBetween(1500L, 2600L);
    }

    @Test
    void aSlowRouteGetsTheLatestFrameAndOlderOnesAreCountedStale() throws Exception {
        MockEndpoint slow = getMockEndpoint("mock:slow");
        slow.expectedMinimumMessageCount(3);
        slow.assertIsSatisfied(10_000);
        CameraRuntime statistics = statistics("slow");
        assertThat(statistics.count(STALE)).as("frames replaced while the route was busy").isGreaterThan(10);
        long captured = statistics.count(CAPTURED);
        long accounted = statistics.count(DELIVERED) + statistics.count(STALE) + statistics.count(THROTTLED);
        assertThat(captured - accounted).as("at most the frame in the mailbox is unaccounted").isBetween(0L, 1L);
        List<Exchange> received = slow.getReceivedExchanges();
        long gap = frame(received.get(2)).sequence()
                   - frame(received.get(1)).sequence();
        assertThat(gap).as("the route skips to the newest frame").isGreaterThan(5);
    }

    @Test
    void decodesOnlyKeyframesWhenTheTargetRateIsAtMostTheKeyframeRate() throws Exception {
        MockEndpoint keyframes = getMockEndpoint("mock:keyframes");
        CameraRuntime statistics = statistics("keyframes");
        // AUTO learns the GOP first (four regular keyframe intervals), decoding every frame meanwhile.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(statistics::isKeyFramesOnly);
        keyframes.reset();
        long decodedBefore = statistics.count(DECODED);
        long deliveredBefore = statistics.count(DELIVERED);
        keyframes.expectedMinimumMessageCount(4);
        keyframes.assertIsSatisfied(10_000);
        // A full decode reads 25 frames per delivered frame here; keyframe-only decoding about one.
        assertThat(statistics.count(DECODED) - decodedBefore)
                .isLessThanOrEqualTo((statistics.count(DELIVERED) - deliveredBefore) * 2 + 2);
        for (Exchange frame : keyframes.getReceivedExchanges()) {
            assertThat(frame(frame).keyFrame()).isTrue();
        }
    }

    @Test
    void aRateCapBelowTheKeyframeRateSwitchesToKeyframesOnlyAndBack() throws Exception {
        MockEndpoint capped = getMockEndpoint("mock:capped");
        CameraRuntime statistics = statistics("capped");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> statistics.count(DELIVERED) >= 5);
        assertThat(statistics.isKeyFramesOnly()).as("5 fps wanted, 1 keyframe a second").isFalse();

        cap = 0.5;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(statistics::isKeyFramesOnly);
        capped.reset();
        capped.expectedMinimumMessageCount(3);
        capped.assertIsSatisfied(10_000);
        List<Exchange> slow = capped.getReceivedExchanges();
        long spacing = frame(slow.get(2)).epochMillis()
                       - frame(slow.get(1)).epochMillis();
        assertThat(spacing).as("0.5 fps: a frame every 2 s").isBetween(1600L, 2400L);
        assertThat(statistics.count(THROTTLED)).isPositive();

        cap = Double.MAX_VALUE;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> !statistics.isKeyFramesOnly());
        // Full decoding resumes at the next keyframe (at most 1 s away here), then runs at the camera's 5 fps.
        long resumedFrom = statistics.count(DELIVERED);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> statistics.count(DELIVERED) > resumedFrom);
        long before = statistics.count(DELIVERED);
        Thread.sleep(2000);
        assertThat(statistics.count(DELIVERED) - before).as("back to 5 fps").isBetween(7L, 13L);
    }

    @Test
    void theTailOfEachGopAfterItsLastSampleIsNotDecoded() throws Exception {
        MockEndpoint tail = getMockEndpoint("mock:tail");
        CameraRuntime statistics = statistics("tail");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> "gop-tail".equals(statistics.decodeStrategy()));
        tail.reset();
        long decodedBefore = statistics.count(DECODED);
        long deliveredBefore = statistics.count(DELIVERED);
        tail.expectedMinimumMessageCount(8);
        tail.assertIsSatisfied(10_000);
        // 2 fps from 1 s GOPs: samples at 0 and 0.5 s of each GOP; frames 0.54-0.96 s are never decoded, so
        // about 14 of every 25 frames are, 7 per delivered frame instead of 12.5.
        double decodedPerDelivered = (double) (statistics.count(DECODED) - decodedBefore)
                                     / (statistics.count(DELIVERED) - deliveredBefore);
        assertThat(decodedPerDelivered).isBetween(5.0, 9.5);
        for (Exchange frame : tail.getReceivedExchanges()) {
            assertThat(Jpeg.decode(frame.getMessage().getBody(byte[].class)).getWidth()).isEqualTo(640);
        }
        List<Exchange> frames = tail.getReceivedExchanges();
        long span = frame(frames.get(frames.size() - 1)).epochMillis()
                    - frame(frames.get(0)).epochMillis();
        assertThat((frames.size() - 1) * 1000.0 / span).as("still 2 fps").isBetween(1.7, 2.3);
    }

    private static CapturedFrame frame(Exchange exchange) {
        return exchange.getMessage().getHeader(CameraConstants.FRAME, CapturedFrame.class);
    }

    private CameraRuntime statistics(String cameraId) {
        return context.getComponent("camera", CameraComponent.class).getRegistry().find(cameraId).orElseThrow();
    }
}
