/**
 * What protects the connections to the brokers: the TLS settings group of each broker
 * ({@link dev.edgevideo.security.BrokerTls}, {@code edgevideo.<broker>.tls.*}, turned into an {@code SSLContext} for
 * the Jedis and AMQP clients) and broker passwords read from a file
 * ({@link dev.edgevideo.security.PasswordFile}). Secrets never leave this package in a message: errors name the key
 * and the file, never the value.
 */
package dev.edgevideo.security;
