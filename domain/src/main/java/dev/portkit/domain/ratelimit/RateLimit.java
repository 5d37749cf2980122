package dev.portkit.domain.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A limit of {@code permits} per {@code window} for each key (a username, a client address).
 *
 * @param name lower-case letters, digits, {@code _} and {@code -}; keys of different limits never
 *     share a count, and the name becomes part of stored keys
 * @param permits how many acquisitions one key may make in any window; positive
 * @param window the sliding window's length; at least one millisecond
 */
public record RateLimit(String name, int permits, Duration window) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rate limit name must match [a-z0-9][a-z0-9_-]*, was \"" + name + "\"");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit permits must be positive, was " + permits);
        }
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("rate limit window must be at least 1ms, was " + window);
        }
    }
}
