/**
 * Camel health checks served at {@code /observe/health} on the management port: one per sink and the service's
 * readiness. The per-camera checks ({@code consumer:camera-<routeId>}) belong to the camera component, which
 * registers them with each consumer.
 */
package dev.edgevideo.health;
