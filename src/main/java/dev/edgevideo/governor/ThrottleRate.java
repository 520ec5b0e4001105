package dev.edgevideo.governor;

import org.apache.camel.Exchange;
import org.apache.camel.support.ExpressionAdapter;

/**
 * A camera's throttle rate, {@link MemoryGovernor#maxFramesPerPeriod}, as the expression of its throttle EIP. The
 * route template makes one per camera route, a local bean given the {@code memoryGovernor} bean and the camera's
 * rate, so each frame costs a direct call: the throttle asking the bean itself
 * ({@code method: "maxFramesPerPeriod(2, 1000)"}) made Camel copy the exchange and parse the arguments again on
 * every frame (8.8 % of the route threads' CPU).
 * <p>
 * Configured through its setters, once, as Camel binds a template's local bean: Camel's constructor matching takes
 * a rate of {@code 2} for an integer and finds no constructor with a {@code double}.
 */
public final class ThrottleRate extends ExpressionAdapter {

    private MemoryGovernor governor;
    private double cameraFps;
    private long periodMillis;

    public void setGovernor(MemoryGovernor governor) {
        this.governor = governor;
    }

    public void setCameraFps(double cameraFps) {
        this.cameraFps = cameraFps;
    }

    public void setPeriodMillis(long periodMillis) {
        this.periodMillis = periodMillis;
    }

    /** The permits of the current period, as the throttle reads them ({@code Integer}). */
    @Override
    public Object evaluate(Exchange exchange) {
        return (int) governor.maxFramesPerPeriod(cameraFps, periodMillis);
    }

    @Override
    public String toString() {
        return "memoryGovernor.maxFramesPerPeriod(" + cameraFps + ", " + periodMillis + ")";
    }
}
