package dev.portkit.domain.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Cache#getOrLoad} returned and where it came from.
 *
 * @param value the cached or loaded value; empty when the record does not exist
 * @param hit {@code true} when served from the cache, including a cached absence; {@code false} when
 *     the loader ran (in this call or in a concurrent call whose load this one shared)
 */
public record CacheResult<V>(Optional<V> value, boolean hit) {

    public CacheResult {
        Objects.requireNonNull(value, "value");
    }
}
