package dev.portkit.adapters.inmemory;

import dev.portkit.domain.cache.TtlJitter;
import java.util.Objects;

/**
 * How big the in-process cache may grow and how TTLs are spread.
 *
 * @param maximum the bound: a number of entries, or of bytes when {@code inBytes}
 * @param inBytes whether {@code maximum} counts payload bytes (keys and values) instead of entries
 * @param jitter how much TTLs are randomly lengthened
 */
public record CaffeineCacheSettings(long maximum, boolean inBytes, TtlJitter jitter) {

    public CaffeineCacheSettings {
        Objects.requireNonNull(jitter, "jitter");
        if (maximum < 1) {
            throw new IllegalArgumentException("maximum must be positive, was " + maximum);
        }
    }

    /** At most {@code entries} entries, no jitter. */
    public static CaffeineCacheSettings ofEntries(long entries) {
        return new CaffeineCacheSettings(entries, false, TtlJitter.NONE);
    }

    /** At most {@code bytes} bytes of keys and payloads, no jitter. */
    public static CaffeineCacheSettings ofBytes(long bytes) {
        return new CaffeineCacheSettings(bytes, true, TtlJitter.NONE);
    }

    public CaffeineCacheSettings withJitter(TtlJitter jitter) {
        return new CaffeineCacheSettings(maximum, inBytes, jitter);
    }
}
