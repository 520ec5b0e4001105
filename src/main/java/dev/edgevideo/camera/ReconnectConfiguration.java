package dev.edgevideo.camera;

import java.time.Duration;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The reconnect options of a camera: set on the component ({@code camel.component.camera.*}) as defaults for
 * every camera, overridden per camera on its endpoint URI.
 */
@UriParams
@Configurer
public class ReconnectConfiguration implements Cloneable {

    @UriParam(label = "advanced", defaultValue = "2000", javaType = "java.time.Duration",
              description = "Wait between attempts to open the stream while the camera's circuit is closed (before"
                            + " maxFailures consecutive failures).")
    private long reconnectDelay = ReconnectSettings.DEFAULT_RETRY_DELAY_MILLIS;

    @UriParam(label = "advanced", defaultValue = "5",
              description = "Consecutive failed sessions (cannot open, stalled, ended) that open the camera's circuit:"
                            + " from then on it is retried with exponential backoff.")
    private int maxFailures = ReconnectSettings.DEFAULT_MAX_FAILURES;

    @UriParam(label = "advanced", defaultValue = "3",
              description = "Good frames a trial session must deliver to close the circuit again (and reset the"
                            + " backoff).")
    private int halfOpenSuccesses = ReconnectSettings.DEFAULT_HALF_OPEN_SUCCESSES;

    @UriParam(label = "advanced", defaultValue = "5000", javaType = "java.time.Duration",
              description = "Wait after the circuit opened, before the first trial session.")
    private long initialBackoff = ReconnectSettings.DEFAULT_INITIAL_BACKOFF_MILLIS;

    @UriParam(label = "advanced", defaultValue = "2.0",
              description = "Factor applied to the wait after each failed trial session.")
    private double backoffMultiplier = ReconnectSettings.DEFAULT_BACKOFF_MULTIPLIER;

    @UriParam(label = "advanced", defaultValue = "300000", javaType = "java.time.Duration",
              description = "Longest wait between trial sessions.")
    private long maxBackoff = ReconnectSettings.DEFAULT_MAX_BACKOFF_MILLIS;

    @UriParam(label = "advanced", defaultValue = "0.2",
              description = "Random spread of each wait (0.2 = +/- 20 %), so cameras that failed together do not"
                            + " retry together.")
    private double backoffJitter = ReconnectSettings.DEFAULT_BACKOFF_JITTER;

    /** The options as checked, immutable settings; the message of a bad value names the option. */
    public ReconnectSettings toSettings() {
        return new ReconnectSettings(maxFailures, halfOpenSuccesses, Duration.ofMillis(reconnectDelay),
                Duration.ofMillis(initialBackoff), backoffMultiplier, Duration.ofMillis(maxBackoff), backoffJitter);
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
