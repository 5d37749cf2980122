package dev.portkit.domain.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one {@link RateLimiter#tryAcquire} call.
 *
 * @param allowed whether the permit was granted (and counted)
 * @param remaining how many more permits the key can get now; 0 when denied
 * @param retryAfter when denied, how long until a permit frees up (positive); zero when allowed
 */
public record RateLimitResult(boolean allowed, int remaining, Duration retryAfter) {

    public RateLimitResult {
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (remaining < 0) {
            throw new IllegalArgumentException("remaining must not be negative");
        }
        if (allowed != retryAfter.isZero() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter is zero exactly when allowed, and never negative");
        }
        if (!allowed && remaining != 0) {
            throw new IllegalArgumentException("a denied result has no remaining permits");
        }
    }

    public static RateLimitResult allowed(int remaining) {
        return new RateLimitResult(true, remaining, Duration.ZERO);
    }

    public static RateLimitResult denied(Duration retryAfter) {
        return new RateLimitResult(false, 0, retryAfter);
    }
}
