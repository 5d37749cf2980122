package dev.portkit.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens and shuts down.
 *
 * @param host the interface to bind, e.g. {@code 0.0.0.0}
 * @param port the port to bind; {@code 0} picks a free one (tests)
 * @param maxRequestBytes requests with a larger body are rejected with 413
 * @param virtualThreads whether handlers run on virtual threads (needs JDK 21+)
 * @param shutdownTimeout how long in-flight requests may take to finish when the server stops
 */
public record HttpSettings(
        String host, int port, long maxRequestBytes, boolean virtualThreads, Duration shutdownTimeout) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
        }
    }
}
