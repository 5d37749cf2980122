package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/** Argument checks every {@link Cache} adapter applies, so that all of them reject the same input. */
public final class CacheKeys {

    /**
     * How long an adapter remembers a delete (as a tombstone entry that reads as a miss), so that a
     * load that started before the delete, possibly in another process sharing the store, does not
     * store what it loaded. Loads are expected to take far less. (Loads in the writing process are
     * stopped from storing by {@link CacheLoads} however long they take.)
     */
    public static final Duration DELETE_FENCE = Duration.ofMinutes(1);

    private CacheKeys() {}

    /**
     * @throws NullPointerException if {@code ns} or {@code key} is null
     * @throws IllegalArgumentException if {@code key} is blank
     */
    public static String check(CacheNamespace ns, String key) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        Objects.requireNonNull(key, "cache key must not be null");
        if (key.isBlank()) {
            throw new IllegalArgumentException("cache key must not be blank (namespace " + ns.name() + ")");
        }
        return key;
    }

    /** {@link #check} for every key; the collection itself must not be null. */
    public static void checkAll(CacheNamespace ns, Collection<String> keys) {
        Objects.requireNonNull(keys, "cache keys must not be null");
        for (String key : keys) {
            check(ns, key);
        }
    }

    /** @throws IllegalArgumentException if {@code ttl} is zero or negative */
    public static void checkTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl must not be null");
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
    }
}
