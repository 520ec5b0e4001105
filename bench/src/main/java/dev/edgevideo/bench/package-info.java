/**
 * The benchmark harness behind {@code bench/run}: runs N cameras through the real service (a separate
 * process, real Redis and RabbitMQ) and through the ffmpeg-subprocess baseline, side by side in one run, and
 * prints the comparison table. Not a test and not part of the service: compiled only with {@code -Pbench}, with
 * the test helpers ({@code dev.edgevideo.testing}) it starts the service and makes its clips with.
 */
package dev.edgevideo.bench;
