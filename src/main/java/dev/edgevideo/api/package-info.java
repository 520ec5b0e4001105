/**
 * The cameras API on the HTTP server (port 8080), declared with Camel's REST DSL in {@code routes/api.camel.yaml}
 * and answered by the {@code camerasApi} bean from the service's status, never from the brokers.
 */
package dev.edgevideo.api;
