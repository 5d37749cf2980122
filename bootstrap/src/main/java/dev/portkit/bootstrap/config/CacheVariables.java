package dev.portkit.bootstrap.config;

import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.redis.RedisCacheSettings;
import dev.portkit.domain.cache.TtlJitter;
import java.util.Optional;

/** The cache variables: the in-memory bound, TTL jitter and how the Redis cache degrades. */
final class CacheVariables {

    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private CacheVariables() {}

    /** {@code CACHE_MAX_ENTRIES} (default 10 000) or {@code CACHE_MAX_BYTES}, not both. */
    static CaffeineCacheSettings inMemory(Env env) {
        Optional<Long> maxBytes = env.bytes("CACHE_MAX_BYTES");
        if (maxBytes.isPresent() && env.get("CACHE_MAX_ENTRIES").isPresent()) {
            throw env.invalid(
                    "CACHE_MAX_ENTRIES",
                    env.get("CACHE_MAX_ENTRIES").get(),
                    "CACHE_MAX_BYTES is set too: bound the cache by entries or by bytes");
        }
        CaffeineCacheSettings bound = maxBytes.map(CaffeineCacheSettings::ofBytes)
                .orElseGet(() -> CaffeineCacheSettings.ofEntries(
                        env.integer("CACHE_MAX_ENTRIES", DEFAULT_MAX_ENTRIES, 1, Integer.MAX_VALUE)));
        return bound.withJitter(jitter(env));
    }

    static RedisCacheSettings redis(Env env, String keyPrefix) {
        return new RedisCacheSettings(
                keyPrefix,
                jitter(env),
                env.integer("CACHE_JOURNAL_CAPACITY", RedisCacheSettings.DEFAULT_JOURNAL_CAPACITY, 1, 10_000_000),
                env.positiveDuration("CACHE_FALLBACK_MAX_TTL", RedisCacheSettings.DEFAULT_FALLBACK_MAX_TTL));
    }

    private static TtlJitter jitter(Env env) {
        return new TtlJitter(env.percent("CACHE_TTL_JITTER", 0));
    }
}
