/**
 * The memory governor: decides how fast each camera may deliver frames, so the service slows down instead of
 * running out of memory. The {@code memoryGovernor} bean feeds both the cameras' sampling and the routes'
 * throttle EIP.
 * <p>
 * The core ({@link dev.edgevideo.governor.MemoryGovernor}, its {@link dev.edgevideo.governor.MemoryGovernorConfig}
 * and {@link dev.edgevideo.governor.MemoryProbe}) knows neither Camel nor Micrometer; adapters publish it:
 * {@link dev.edgevideo.governor.GovernorMetrics} as Micrometer meters and
 * {@link dev.edgevideo.governor.ManagedMemoryGovernor} as a Camel service with JMX attributes.
 */
package dev.edgevideo.governor;
