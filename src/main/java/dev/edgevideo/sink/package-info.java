/**
 * Where frames go: the RabbitMQ and Redis connections, the RabbitMQ topology frames are routed into, the
 * metadata published to Redis, and the per-sink accounting of published and dropped frames. The routes
 * themselves are YAML ({@code routes/camera-pipeline.camel.yaml}); this package holds the beans they call and
 * their settings, one class per key prefix ({@link dev.edgevideo.sink.RabbitMqSettings},
 * {@link dev.edgevideo.sink.RedisSettings}, {@link dev.edgevideo.sink.WireSettings}) bound by
 * {@link dev.edgevideo.settings.Settings}.
 */
package dev.edgevideo.sink;
