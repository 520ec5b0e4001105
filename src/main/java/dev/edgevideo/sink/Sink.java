package dev.edgevideo.sink;

/** The destinations of every frame. The id is the {@code sink} label of metrics and the route branch name. */
public enum Sink {
    RABBITMQ("rabbitmq", "RabbitMQ", "rabbitmq-server -detached (or: systemctl start rabbitmq-server)"),
    REDIS("redis", "Redis", "redis-server --daemonize yes (or: systemctl start redis-server)");

    private final String id;
    private final String displayName;
    private final String startHint;

    Sink(String id, String displayName, String startHint) {
        this.id = id;
        this.displayName = displayName;
        this.startHint = startHint;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** What an operator runs to start the broker on this machine. */
    public String startHint() {
        return startHint;
    }
}
