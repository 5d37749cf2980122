package dev.portkit.adapters.redis.ratelimit;

import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import java.util.Objects;

/**
 * The {@link RedisRateLimiter} (whose calls go through the shared {@code RedisCircuit}); while Redis
 * is unavailable each limit does what its {@link RateLimit#fallback()} says.
 *
 * <ul>
 *   <li>{@link RateLimitFallback#LOCAL}: a process-local limiter (in practice the in-memory
 *       adapter, wired in by bootstrap) counts instead. Throttling keeps working, per instance (so
 *       with N instances a key may get up to N times the limit), and logins are not refused because
 *       Redis is down. Counts made locally are not copied to Redis when it returns; they age out.
 *   <li>{@link RateLimitFallback#OPEN} and {@link RateLimitFallback#CLOSED}: {@link
 *       RateLimiterUnavailableException}, for the caller to let the request through or refuse it.
 * </ul>
 */
public final class FallbackRateLimiter implements RateLimiter {

    private final RedisRateLimiter redis;
    private final RateLimiter fallback;

    public FallbackRateLimiter(RedisRateLimiter redis, RateLimiter fallback) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(key, "key");
        try {
            return redis.tryAcquire(limit, key);
        } catch (RateLimiterUnavailableException e) {
            if (limit.fallback() == RateLimitFallback.LOCAL) {
                return fallback.tryAcquire(limit, key);
            }
            throw e;
        }
    }
}
