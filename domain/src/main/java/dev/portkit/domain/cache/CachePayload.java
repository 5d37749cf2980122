package dev.portkit.domain.cache;

import java.util.Objects;
import java.util.Optional;

/**
 * The stored form of a cache entry, identical in every adapter: a format version byte, a kind byte
 * (value or cached absence), then the codec's bytes.
 *
 * <p>Bump {@link #FORMAT_VERSION} when the layout changes: entries written by another version then
 * read as misses (counted as errors) and are replaced on the next load, instead of failing.
 */
public final class CachePayload {

    /** The layout written by this build. */
    public static final byte FORMAT_VERSION = 1;

    private static final byte ABSENT = 0;
    private static final byte VALUE = 1;
    private static final int HEADER = 2;

    private CachePayload() {}

    /** The payload of a value. */
    public static <V> byte[] ofValue(V value, Codec<V> codec) {
        Objects.requireNonNull(value, "cache value must not be null");
        byte[] encoded = Objects.requireNonNull(codec.encode(value), "codec returned null");
        byte[] payload = new byte[HEADER + encoded.length];
        payload[0] = FORMAT_VERSION;
        payload[1] = VALUE;
        System.arraycopy(encoded, 0, payload, HEADER, encoded.length);
        return payload;
    }

    /** The payload of a cached absence (negative caching). */
    public static byte[] ofAbsence() {
        return new byte[] {FORMAT_VERSION, ABSENT};
    }

    /**
     * Reads a stored payload.
     *
     * @param stored the bytes found in the store, or {@code null} when nothing was found
     */
    public static <V> Read<V> read(byte[] stored, Codec<V> codec) {
        if (stored == null) {
            return new Read<>(Outcome.MISS, Optional.empty());
        }
        if (stored.length < HEADER || stored[0] != FORMAT_VERSION) {
            return new Read<>(Outcome.UNDECODABLE, Optional.empty());
        }
        if (stored[1] == ABSENT && stored.length == HEADER) {
            return new Read<>(Outcome.HIT, Optional.empty());
        }
        if (stored[1] != VALUE) {
            return new Read<>(Outcome.UNDECODABLE, Optional.empty());
        }
        try {
            V value = codec.decode(stored, HEADER, stored.length - HEADER);
            return value == null
                    ? new Read<>(Outcome.UNDECODABLE, Optional.empty())
                    : new Read<>(Outcome.HIT, Optional.of(value));
        } catch (RuntimeException e) {
            return new Read<>(Outcome.UNDECODABLE, Optional.empty());
        }
    }

    /** What a lookup found. */
    public enum Outcome {
        /** A value or a cached absence. */
        HIT,
        /** Nothing stored. */
        MISS,
        /** Something stored that this build cannot read: a miss for the caller, an error in the stats. */
        UNDECODABLE
    }

    /**
     * @param outcome what was found
     * @param value the value on a {@link Outcome#HIT} of a value; empty otherwise
     */
    public record Read<V>(Outcome outcome, Optional<V> value) {

        public Read {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(value, "value");
        }

        public boolean hit() {
            return outcome == Outcome.HIT;
        }
    }
}
