/**
 * The edge-video application: camel-main start-up ({@link dev.edgevideo.EdgeVideoMain}) and the wiring shared
 * by the service and its tests ({@link dev.edgevideo.EdgeVideoApplication}). Features live in sub-packages:
 * {@code camera} (capture), {@code sink} (RabbitMQ and Redis), {@code governor} (memory).
 */
package dev.edgevideo;
