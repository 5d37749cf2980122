package dev.portkit.adapters.redis.ratelimit;

import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisUnavailableException;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import java.util.Objects;

/**
 * The {@link RedisRateLimiter} behind the shared {@link RedisCircuit}, with a process-local limiter
 * (in practice the in-memory adapter, wired in by bootstrap) that counts while Redis is unavailable.
 *
 * <p>Neither fail-open nor fail-closed: it fails <em>local</em>. Throttling keeps working during an
 * outage, counted per instance (so with N instances a key may get up to N times the limit), and
 * logins are not refused because Redis is down. Counts made locally are not copied to Redis when it
 * returns; they simply age out of the local window.
 */
public final class FallbackRateLimiter implements RateLimiter {

    private final RedisRateLimiter redis;
    private final RateLimiter fallback;
    private final RedisCircuit circuit;

    public FallbackRateLimiter(RedisRateLimiter redis, RateLimiter fallback, RedisCircuit circuit) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.circuit = Objects.requireNonNull(circuit, "circuit");
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(key, "key");
        try {
            return circuit.call(() -> redis.tryAcquire(limit, key));
        } catch (RedisUnavailableException e) {
            return fallback.tryAcquire(limit, key);
        }
    }
}
