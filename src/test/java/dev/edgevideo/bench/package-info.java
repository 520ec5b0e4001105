/**
 * The benchmark harness behind {@code bench/run}: runs N cameras through the real service (a separate
 * process, real Redis and RabbitMQ) and through the ffmpeg-subprocess baseline, side by side in one run, and
 * prints the comparison table. Not a test: nothing here runs in {@code mvn verify}.
 */
package dev.edgevideo.bench;
