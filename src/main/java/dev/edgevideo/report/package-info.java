/**
 * The statistics of seed 001 in the log: a compact block every {@code edgevideo.statistics.interval-seconds}
 * and a final report when the service stops.
 */
package dev.edgevideo.report;
