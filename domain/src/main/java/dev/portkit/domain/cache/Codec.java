package dev.portkit.domain.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns cached values into bytes and back. Every {@link Cache} adapter stores values serialized, so
 * mutating an object after {@code put} never changes what is cached.
 *
 * <p>{@link #decode} may throw any {@link RuntimeException} for bytes it cannot read (an older
 * format, corruption): the cache counts that as a miss and an error, and never passes the exception
 * to its caller. Implementations are stateless and thread-safe.
 *
 * @param <V> the value type; never {@code null}
 */
public interface Codec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes);

    /**
     * Decodes {@code length} bytes from {@code offset}. Caches call this with the payload that
     * follows their own header; override it to read in place, as the default copies the range.
     */
    default V decode(byte[] bytes, int offset, int length) {
        return decode(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Strings as UTF-8. */
    static Codec<String> utf8() {
        return Utf8Codec.INSTANCE;
    }
}

/** The UTF-8 string codec. */
enum Utf8Codec implements Codec<String> {
    INSTANCE;

    @Override
    public byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
