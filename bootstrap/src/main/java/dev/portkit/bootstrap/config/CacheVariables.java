package dev.portkit.bootstrap.config;

import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.redis.NearCacheSettings;
import dev.portkit.adapters.redis.RedisCacheSettings;
import dev.portkit.domain.cache.TtlJitter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cache variables: the in-memory bound, TTL jitter, how the Redis cache degrades and its near
 * cache.
 */
final class CacheVariables {

    private static final Pattern NAMESPACE_PREFIX = Pattern.compile("[a-z0-9_-]*");

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
                env.duration(
                        "CACHE_FALLBACK_MAX_TTL",
                        RedisCacheSettings.DEFAULT_FALLBACK_MAX_TTL,
                        Duration.ofMillis(1),
                        Duration.ofDays(1)),
                near(env));
    }

    /**
     * {@code CACHE_NEAR_ENABLED} (default true), {@code CACHE_NEAR_TTL} (default 2s), {@code
     * CACHE_NEAR_MAX_ENTRIES} (default 10 000) and {@code CACHE_NEAR_NAMESPACES}: comma-separated
     * namespace name prefixes, {@code *} for all (default {@code content-item-,content-page-}).
     */
    static NearCacheSettings near(Env env) {
        return new NearCacheSettings(
                env.bool("CACHE_NEAR_ENABLED", true),
                env.duration(
                        "CACHE_NEAR_TTL", NearCacheSettings.DEFAULT_TTL, Duration.ofMillis(1), Duration.ofHours(1)),
                env.integer("CACHE_NEAR_MAX_ENTRIES", NearCacheSettings.DEFAULT_MAX_ENTRIES, 1, 10_000_000),
                env.get("CACHE_NEAR_NAMESPACES")
                        .map(raw -> namespacePrefixes(env, raw))
                        .orElse(NearCacheSettings.DEFAULT_NAMESPACE_PREFIXES));
    }

    private static List<String> namespacePrefixes(Env env, String raw) {
        if (raw.equals("*")) {
            return List.of("");
        }
        List<String> prefixes =
                Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
        if (prefixes.stream()
                .anyMatch(p -> p.isEmpty() || !NAMESPACE_PREFIX.matcher(p).matches())) {
            throw env.invalid(
                    "CACHE_NEAR_NAMESPACES",
                    raw,
                    "expected * or comma-separated namespace prefixes of a-z, 0-9, _ and -, e.g. content-item-,content-page-");
        }
        return prefixes;
    }

    private static TtlJitter jitter(Env env) {
        return new TtlJitter(env.percent("CACHE_TTL_JITTER", 0));
    }
}
