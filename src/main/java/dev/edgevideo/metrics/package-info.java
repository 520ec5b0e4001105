/**
 * Prometheus metrics: the one Micrometer registry ({@code metricsRegistry}) that Camel's route metrics and
 * every edge-video meter binder share, scraped at {@code http://127.0.0.1:9090/metrics}.
 */
package dev.edgevideo.metrics;
