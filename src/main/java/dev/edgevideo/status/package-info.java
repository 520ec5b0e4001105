/**
 * What the service is doing now, in one place for the API, the status page, the statistics report and the
 * metrics: a view per camera and sink, memory with a short history, and process and system figures sampled
 * with OSHI. Sampling runs on one status thread, never on the frame threads.
 */
package dev.edgevideo.status;
