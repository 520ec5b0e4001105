/**
 * The memory governor: decides how fast each camera may deliver frames, so the service slows down instead of
 * running out of memory. The {@code memoryGovernor} bean feeds both the cameras' sampling and the routes'
 * throttle EIP.
 */
package dev.edgevideo.governor;
