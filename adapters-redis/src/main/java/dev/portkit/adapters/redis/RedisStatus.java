package dev.portkit.adapters.redis;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether this process currently uses Redis, for health endpoints and operators. Never holds a
 * secret.
 *
 * @param fallbackActive {@code true} while Redis is considered unavailable and adapters serve from
 *     their fallbacks (or fail fast)
 * @param since when the current state began
 * @param lastError the most recent Redis failure ({@code ExceptionType: message}), if any
 */
public record RedisStatus(boolean fallbackActive, Instant since, Optional<String> lastError) {

    public RedisStatus {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
    }
}
