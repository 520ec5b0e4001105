package dev.edgevideo.camera;

/** The state of a camera's circuit breaker (see {@link CameraCircuitBreaker}). */
public enum CircuitState {
    /** Failed sessions are retried after {@code reconnectDelay}. */
    CLOSED(0),
    /** Too many failures in a row: waiting out an exponential backoff before a trial session. */
    OPEN(1),
    /** A trial session is running; enough good frames close the circuit, a failure opens it again. */
    HALF_OPEN(2);

    private final int code;

    CircuitState(int code) {
        this.code = code;
    }

    /** The state as a number for metrics: 0 closed, 1 open, 2 half-open. */
    public int code() {
        return code;
    }
}
