package dev.portkit.adapters.redis.ratelimit;

import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisScript;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RateLimiter} on Redis: one sorted set per limit and key holds the times of the counted
 * attempts (a sliding window log), checked and updated by one Lua script on Redis's clock, so every
 * instance shares the count and concurrent attempts cannot overshoot.
 *
 * <p>Keys are {@code {prefix}ratelimit:{limit}:{sha256(key)}}: a rate-limited key (a username that
 * may be a mistyped password, a client address) is not stored in clear. Each set expires one window
 * after its last counted attempt.
 *
 * <p>Every Redis failure becomes a {@link RateLimiterUnavailableException}.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** KEYS: the log. ARGV: permits, window ms, a unique member. Returns {allowed, remaining, retry ms}. */
    static final RedisScript ACQUIRE = new RedisScript("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local permits = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - window))
            local count = redis.call('ZCARD', KEYS[1])
            if count < permits then
              redis.call('ZADD', KEYS[1], string.format('%.0f', now), ARGV[3])
              redis.call('PEXPIRE', KEYS[1], window)
              return {1, permits - count - 1, 0}
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            return {0, 0, tonumber(oldest[2]) + window - now}
            """);

    private final RedisConnector connector;
    private final String prefix;
    private final AtomicLong sequence = new AtomicLong();
    private final String instance = Long.toHexString(ThreadLocalRandom.current().nextLong());

    /**
     * @param connector the process's shared Redis connections
     * @param keyPrefix put before every key, e.g. {@code portkit:}
     */
    public RedisRateLimiter(RedisConnector connector, String keyPrefix) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        Objects.requireNonNull(limit, "limit");
        String redisKey = prefix + "ratelimit:" + limit.name() + ":" + sha256(Objects.requireNonNull(key, "key"));
        List<Long> result;
        try {
            result = ACQUIRE.run(
                    connector.strings(),
                    ScriptOutputType.MULTI,
                    new String[] {redisKey},
                    Integer.toString(limit.permits()),
                    Long.toString(limit.window().toMillis()),
                    instance + ":" + sequence.incrementAndGet());
        } catch (RedisException e) {
            throw new RateLimiterUnavailableException("Redis rate limiter unavailable: " + e.getMessage(), e);
        }
        return result.get(0) == 1
                ? RateLimitResult.allowed(Math.toIntExact(result.get(1)))
                : RateLimitResult.denied(Duration.ofMillis(Math.max(1, result.get(2))));
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
