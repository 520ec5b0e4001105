/**
 * The embedded HTTP server camel-main runs for the APIs and the status page ({@code camel.server.*}), next to
 * the management server ({@code camel.management.*}).
 */
package dev.edgevideo.http;
