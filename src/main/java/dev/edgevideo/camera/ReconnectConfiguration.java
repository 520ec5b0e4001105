package dev.edgevideo.camera;

import static dev.edgevideo.camera.InvalidCameraOption.require;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The reconnect options of a camera (its {@link CameraCircuitBreaker}): set on the component
 * ({@code camel.component.camera.*}) as defaults for every camera, overridden per camera on its endpoint URI.
 * Each option is declared once, here: its {@code @UriParam} default is the default everywhere.
 */
@UriParams
@Configurer
public class ReconnectConfiguration implements Cloneable {

    @UriParam(label = "advanced", defaultValue = "2000", javaType = "java.time.Duration",
              description = "Wait between attempts to open the stream while the camera's circuit is closed (before"
                            + " maxFailures consecutive failures).")
    private long reconnectDelay = 2_000;

    @UriParam(label = "advanced", defaultValue = "5",
              description = "Consecutive failed sessions (cannot open, stalled, ended) that open the camera's circuit:"
                            + " from then on it is retried with exponential backoff.")
    private int maxFailures = 5;

    @UriParam(label = "advanced", defaultValue = "3",
              description = "Good frames a trial session must deliver to close the circuit again (and reset the"
                            + " backoff).")
    private int halfOpenSuccesses = 3;

    @UriParam(label = "advanced", defaultValue = "5000", javaType = "java.time.Duration",
              description = "Wait after the circuit opened, before the first trial session.")
    private long initialBackoff = 5_000;

    @UriParam(label = "advanced", defaultValue = "2.0",
              description = "Factor applied to the wait after each failed trial session.")
    private double backoffMultiplier = 2.0;

    @UriParam(label = "advanced", defaultValue = "300000", javaType = "java.time.Duration",
              description = "Longest wait between trial sessions.")
    private long maxBackoff = 300_000;

    @UriParam(label = "advanced", defaultValue = "0.2",
              description = "Random spread of each wait (0.2 = +/- 20 %), so cameras that failed together do not"
                            + " retry together.")
    private double backoffJitter = 0.2;

    /** Checks the options together; the message names the {@code owner}, the option and the allowed values. */
    void validate(String owner) {
        require(owner, maxFailures >= 1, "maxFailures", "must be >= 1, was " + maxFailures);
        require(owner, halfOpenSuccesses >= 1, "halfOpenSuccesses", "must be >= 1, was " + halfOpenSuccesses);
        require(owner, reconnectDelay >= 0, "reconnectDelay", "must be >= 0, was " + reconnectDelay + " ms");
        require(owner, initialBackoff >= 1, "initialBackoff", "must be >= 1 ms, was " + initialBackoff + " ms");
        require(owner, backoffMultiplier >= 1, "backoffMultiplier", "must be >= 1, was " + backoffMultiplier);
        require(owner, maxBackoff >= initialBackoff, "maxBackoff",
                "must be >= initialBackoff (" + initialBackoff + " ms), was " + maxBackoff + " ms");
        require(owner, backoffJitter >= 0 && backoffJitter < 1, "backoffJitter",
                "must be >= 0 and < 1, was " + backoffJitter);
    }

    /** A copy an endpoint can override without touching the component's defaults. */
    public ReconnectConfiguration copy() {
        try {
            return (ReconnectConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public int getMaxFailures() {
        return maxFailures;
    }

    public void setMaxFailures(int maxFailures) {
        this.maxFailures = maxFailures;
    }

    public int getHalfOpenSuccesses() {
        return halfOpenSuccesses;
    }

    public void setHalfOpenSuccesses(int halfOpenSuccesses) {
        this.halfOpenSuccesses = halfOpenSuccesses;
    }

    public long getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(long initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public double getBackoffMultiplier() {
        return backoffMultiplier;
    }

    public void setBackoffMultiplier(double backoffMultiplier) {
        this.backoffMultiplier = backoffMultiplier;
    }

    public long getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(long maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public double getBackoffJitter() {
        return backoffJitter;
    }

    public void setBackoffJitter(double backoffJitter) {
        this.backoffJitter = backoffJitter;
    }
}
