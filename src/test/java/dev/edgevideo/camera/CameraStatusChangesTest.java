package dev.edgevideo.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import dev.edgevideo.testing.Cameras;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** A camera's status events tell real changes: one per failed attempt, circuit and state always agreeing. */
class CameraStatusChangesTest extends CamelTestSupport {

    private List<CameraStatus> changes;

    @Override
    protected boolean useJmx() {
        return false;
    }

    @Override
    protected RoutesBuilder createRouteBuilder() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        changes = Cameras.statusChanges(context.getComponent("camera", CameraComponent.class));
        String url = "rtsp://127.0.0.1:" + closedPort + "/none";
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("camera:refused?url=" + url + "&connectTimeout=1s&reconnectDelay=100ms&maxFailures=2"
                     + "&initialBackoff=300ms&maxBackoff=300ms").routeId("refused").to("mock:refused");
            }
        };
    }

    @Test
    void eachFailedAttemptIsOneEventAndATrialIsConnectingWithTheCircuitHalfOpen() {
        await().atMost(Duration.ofSeconds(20)).until(() -> changes.stream()
                .anyMatch(status -> status.consecutiveFailures() >= 6));
        List<CameraStatus> seen = List.copyOf(changes);
        assertThat(seen).as("a camera never connects with its circuit open")
                .noneMatch(status -> status.state() == CameraState.CONNECTING
                                     && status.circuit() == CircuitState.OPEN);
        assertThat(seen).as("trials after the circuit opened are reported as half-open")
                .anyMatch(status -> status.state() == CameraState.CONNECTING
                                    && status.circuit() == CircuitState.HALF_OPEN);
        int failedAttempts = seen.stream().mapToInt(CameraStatus::consecutiveFailures).max().orElseThrow();
        long trials = seen.stream().filter(status -> status.circuit() == CircuitState.HALF_OPEN).count();
        // The first CONNECTING, one BACKOFF per failed attempt, and the circuit's own changes: HALF_OPEN per trial.
        assertThat(seen).as("events for %s failed attempts, %s of them trials: %s", failedAttempts, trials, seen)
                .hasSize(1 + failedAttempts + (int) trials);
        assertThat(seen).as("retries of a closed circuit are not announced as CONNECTING")
                .filteredOn(status -> status.state() == CameraState.CONNECTING
                                      && status.circuit() == CircuitState.CLOSED)
                .hasSize(1);
    }
}
