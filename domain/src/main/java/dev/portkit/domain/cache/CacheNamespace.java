package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A group of cache entries that share a default TTL and can be invalidated together, typically one
 * per content type ({@code articles}, {@code users}).
 *
 * @param name lower-case letters, digits, {@code _} and {@code -}, starting with a letter or digit;
 *     it becomes part of the stored keys, so renaming a namespace starts it empty
 * @param ttl how long a value put without an explicit TTL lives; positive
 * @param negativeTtl how long a cached absence (an empty loader result) lives; zero disables
 *     negative caching; usually much shorter than {@code ttl}
 */
public record CacheNamespace(String name, Duration ttl, Duration negativeTtl) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public CacheNamespace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "cache namespace name must match [a-z0-9][a-z0-9_-]*, was \"" + name + "\"");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("cache namespace ttl must be positive, was " + ttl);
        }
        if (negativeTtl.isNegative()) {
            throw new IllegalArgumentException("cache namespace negativeTtl must not be negative, was " + negativeTtl);
        }
    }

    /** A namespace without negative caching. */
    public static CacheNamespace of(String name, Duration ttl) {
        return new CacheNamespace(name, ttl, Duration.ZERO);
    }

    /** Whether an absent loader result is cached (for {@link #negativeTtl()}). */
    public boolean cachesAbsence() {
        return !negativeTtl.isZero();
    }
}
