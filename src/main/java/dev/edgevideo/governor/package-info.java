/**
 * The memory governor: decides how fast each camera may deliver frames, so the service slows down instead of
 * running out of memory. The {@code memoryGovernor} bean feeds both the cameras' sampling and the routes'
 * throttle EIP.
 * <p>
 * {@link dev.edgevideo.governor.MemoryLevelPolicy} decides (pure functions: levels, hysteresis, caps),
 * {@link dev.edgevideo.governor.MemoryGovernor} holds the state and applies the decisions,
 * {@link dev.edgevideo.governor.ReclaimScheduler} runs the rate-limited collections, and
 * {@link dev.edgevideo.governor.ManagedMemoryGovernor}, a Camel service, owns the sampling and reclaim threads
 * (from Camel's ExecutorServiceManager) and the JMX MBean. {@link dev.edgevideo.governor.GovernorMetrics}
 * publishes it to Micrometer. The package imports neither {@code status} nor {@code metrics}.
 */
package dev.edgevideo.governor;
