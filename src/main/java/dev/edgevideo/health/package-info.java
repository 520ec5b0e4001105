/**
 * Camel health checks served at {@code /observe/health} on the management port: one per sink and the service's
 * readiness. The per-camera checks ({@code consumer:camera-<routeId>}) belong to the camera component, which
 * registers them with each consumer. Camel's own {@code route:<id>} and {@code consumer:<id>} checks are listed but
 * take part in no probe: readiness is the {@code edge-video} check's (and, in a cluster, the {@code cluster}
 * check's) decision, and {@code context} is Camel's started state.
 */
package dev.edgevideo.health;
