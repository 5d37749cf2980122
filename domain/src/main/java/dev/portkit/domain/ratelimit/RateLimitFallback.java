package dev.portkit.domain.ratelimit;

/**
 * What a {@link RateLimit} does while the store that counts it cannot be reached (e.g. Redis is
 * down): each limit declares its own, because throttling logins and letting a public read through
 * are different trade-offs.
 */
public enum RateLimitFallback {
    /**
     * Count in this process's memory instead. Throttling goes on, per instance: with N instances a
     * key may get up to N times the limit until the store is back.
     */
    LOCAL,
    /**
     * Let requests through uncounted: the limiter throws {@link RateLimiterUnavailableException} and
     * the caller proceeds.
     */
    OPEN,
    /**
     * Refuse requests: the limiter throws {@link RateLimiterUnavailableException} and the caller
     * refuses the request (503).
     */
    CLOSED
}
