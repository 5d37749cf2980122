package dev.portkit.adapters.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Redis and how patiently.
 *
 * @param uri {@code redis://} or {@code rediss://} (TLS) URI; it may carry user and password
 * @param commandTimeout the longest any command may take before it fails
 * @param connectTimeout the longest a (re)connect may take
 * @param clientName the name shown by {@code CLIENT LIST}, to find this service's connections
 */
public record RedisSettings(URI uri, Duration commandTimeout, Duration connectTimeout, String clientName) {

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(clientName, "clientName");
    }

    /** The URI without its password, safe for logs. */
    public String redactedUri() {
        return RedisUris.redact(uri);
    }
}
