package dev.portkit.adapters.redis;

import dev.portkit.domain.cache.TtlJitter;
import java.time.Duration;
import java.util.Objects;

/**
 * How the Redis cache stores entries and degrades.
 *
 * @param keyPrefix put in front of every key (see {@link RedisSettings#keyPrefix()})
 * @param jitter how much TTLs are randomly lengthened
 * @param journalCapacity how many key invalidations made during an outage are remembered; beyond
 *     it, the affected namespaces are invalidated wholesale on recovery
 * @param fallbackMaxTtl the longest an entry lives in the in-memory fallback, which cannot see
 *     invalidations made by other instances during an outage; bounds how stale it can be
 * @param near the in-process near cache in front of Redis
 */
public record RedisCacheSettings(
        String keyPrefix, TtlJitter jitter, int journalCapacity, Duration fallbackMaxTtl, NearCacheSettings near) {

    public static final int DEFAULT_JOURNAL_CAPACITY = 10_000;
    public static final Duration DEFAULT_FALLBACK_MAX_TTL = Duration.ofMinutes(1);

    public RedisCacheSettings {
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(fallbackMaxTtl, "fallbackMaxTtl");
        Objects.requireNonNull(near, "near");
        if (journalCapacity < 1) {
            throw new IllegalArgumentException("journalCapacity must be positive, was " + journalCapacity);
        }
        if (fallbackMaxTtl.isNegative() || fallbackMaxTtl.isZero()) {
            throw new IllegalArgumentException("fallbackMaxTtl must be positive, was " + fallbackMaxTtl);
        }
    }

    /** Without a near cache. */
    public RedisCacheSettings(String keyPrefix, TtlJitter jitter, int journalCapacity, Duration fallbackMaxTtl) {
        this(keyPrefix, jitter, journalCapacity, fallbackMaxTtl, NearCacheSettings.DISABLED);
    }

    /** The prefix, no jitter, default journal and fallback TTL cap, no near cache. */
    public static RedisCacheSettings withPrefix(String keyPrefix) {
        return new RedisCacheSettings(keyPrefix, TtlJitter.NONE, DEFAULT_JOURNAL_CAPACITY, DEFAULT_FALLBACK_MAX_TTL);
    }

    /** These settings with another near cache. */
    public RedisCacheSettings withNear(NearCacheSettings near) {
        return new RedisCacheSettings(keyPrefix, jitter, journalCapacity, fallbackMaxTtl, near);
    }
}
