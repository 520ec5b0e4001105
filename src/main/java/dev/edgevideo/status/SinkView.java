package dev.edgevideo.status;

/**
 * One sink across all cameras.
 *
 * @param id        rabbitmq or redis
 * @param name      RabbitMQ or Redis
 * @param state     UP when the last frame sent to it was published, DOWN otherwise
 * @param published frames it confirmed
 * @param errors    frames not published to it (circuit open or failed)
 */
public record SinkView(String id, String name, String state, long published, long errors) {

    public boolean isUp() {
        return "UP".equals(state);
    }

    /** Errors in percent of the frames sent to the sink. */
    public double errorPercent() {
        long sent = published + errors;
        return sent == 0 ? 0 : errors * 100d / sent;
    }
}
