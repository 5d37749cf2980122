package dev.portkit.domain.cache;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What to drop from a cache: some keys of a namespace, or the whole namespace.
 *
 * @param namespace the namespace
 * @param keys the keys to drop; empty for the whole namespace
 */
public record CacheInvalidation(CacheNamespace namespace, List<String> keys) {

    public CacheInvalidation {
        Objects.requireNonNull(namespace, "namespace");
        keys = List.copyOf(keys);
        CacheKeys.checkAll(namespace, keys);
    }

    /**
     * The keys' entries.
     *
     * @throws IllegalArgumentException if there are none (use {@link #ofNamespace} for the whole namespace)
     */
    public static CacheInvalidation ofKeys(CacheNamespace namespace, Collection<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to invalidate in " + namespace.name());
        }
        return new CacheInvalidation(namespace, List.copyOf(keys));
    }

    /** Every entry of the namespace. */
    public static CacheInvalidation ofNamespace(CacheNamespace namespace) {
        return new CacheInvalidation(namespace, List.of());
    }

    public boolean wholeNamespace() {
        return keys.isEmpty();
    }

    /** Applies it through the {@link Cache} port: {@link Cache#deleteAll} or {@link Cache#invalidate}. */
    public void applyTo(Cache cache) {
        if (wholeNamespace()) {
            cache.invalidate(namespace);
        } else {
            cache.deleteAll(namespace, keys);
        }
    }
}
