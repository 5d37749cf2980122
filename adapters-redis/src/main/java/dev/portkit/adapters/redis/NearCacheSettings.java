package dev.portkit.adapters.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The in-process near cache (L1) that {@link RedisCache} keeps in front of Redis for some
 * namespaces; see {@code NearCache} for how it stays coherent across instances.
 *
 * @param enabled whether there is a near cache at all
 * @param ttl the longest an entry lives in the near cache (never longer than in Redis), and the
 *     longest a caller of {@code RedisCache} may join a load already running: bounds how long an
 *     instance that missed another's invalidation message can serve a stale value (enabled or not)
 * @param maxEntries how many entries the near cache holds, across namespaces
 * @param namespacePrefixes the namespaces whose name starts with one of these get a near cache; an
 *     empty prefix covers every namespace
 */
public record NearCacheSettings(boolean enabled, Duration ttl, int maxEntries, List<String> namespacePrefixes) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(2);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** The content API's namespaces: {@code content-item-<type>} and {@code content-page-<type>}. */
    public static final List<String> DEFAULT_NAMESPACE_PREFIXES = List.of("content-item-", "content-page-");

    /** No near cache. */
    public static final NearCacheSettings DISABLED =
            new NearCacheSettings(false, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, List.of());

    public NearCacheSettings {
        Objects.requireNonNull(ttl, "ttl");
        namespacePrefixes = List.copyOf(namespacePrefixes);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("near cache ttl must be positive, was " + ttl);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("near cache maxEntries must be positive, was " + maxEntries);
        }
    }

    /** Enabled for the content namespaces, with the default TTL and size. */
    public static NearCacheSettings defaults() {
        return new NearCacheSettings(true, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, DEFAULT_NAMESPACE_PREFIXES);
    }

    /** Whether the namespace gets a near cache. */
    public boolean covers(String namespace) {
        return enabled && namespacePrefixes.stream().anyMatch(namespace::startsWith);
    }
}
