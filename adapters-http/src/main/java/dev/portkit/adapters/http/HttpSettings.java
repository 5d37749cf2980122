package dev.portkit.adapters.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens, what it accepts from a client and how it shuts down.
 *
 * @param host the interface to bind, e.g. {@code 0.0.0.0}
 * @param port the port to bind; {@code 0} picks a free one (tests)
 * @param maxRequestBytes requests with a larger body are rejected with 413; bodies are held in
 *     memory while they are read
 * @param virtualThreads whether handlers run on virtual threads (needs JDK 21+)
 * @param shutdownTimeout how long in-flight requests may take to finish when the server stops
 * @param idleTimeout how long a connection may stay silent (between requests, or mid-request)
 *     before it is closed
 * @param bodyTimeout how long a client may take to send a request body, from the end of its
 *     headers; slower ones get 408
 * @param maxHeaderBytes the largest request line plus headers; larger ones get 414 or 431
 * @param maxHeaders the most header fields a request may have; more get 431
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} and {@code Forwarded} headers name
 *     the client
 */
public record HttpSettings(
        String host,
        int port,
        long maxRequestBytes,
        boolean virtualThreads,
        Duration shutdownTimeout,
        Duration idleTimeout,
        Duration bodyTimeout,
        int maxHeaderBytes,
        int maxHeaders,
        TrustedProxies trustedProxies) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_HEADERS = 100;

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
        }
        if (idleTimeout.toMillis() < 1 || bodyTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeouts must be at least 1 ms");
        }
        if (maxHeaderBytes < 1024 || maxHeaders < 1) {
            throw new IllegalArgumentException("header limits must allow at least 1 KiB and 1 field");
        }
    }

    /** The given listening and body settings with the default timeouts, header limits and no trusted proxies. */
    public HttpSettings(String host, int port, long maxRequestBytes, boolean virtualThreads, Duration shutdownTimeout) {
        this(
                host,
                port,
                maxRequestBytes,
                virtualThreads,
                shutdownTimeout,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_BODY_TIMEOUT,
                DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_HEADERS,
                TrustedProxies.NONE);
    }

    /** These settings with another body timeout. */
    public HttpSettings withBodyTimeout(Duration timeout) {
        return new HttpSettings(
                host,
                port,
                maxRequestBytes,
                virtualThreads,
                shutdownTimeout,
                idleTimeout,
                timeout,
                maxHeaderBytes,
                maxHeaders,
                trustedProxies);
    }

    /** These settings with other trusted proxies. */
    public HttpSettings withTrustedProxies(TrustedProxies proxies) {
        return new HttpSettings(
                host,
                port,
                maxRequestBytes,
                virtualThreads,
                shutdownTimeout,
                idleTimeout,
                bodyTimeout,
                maxHeaderBytes,
                maxHeaders,
                proxies);
    }
}
