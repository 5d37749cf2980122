package dev.portkit.domain.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A limit of {@code permits} per {@code window} for each key (a username, a client address), and
 * what to do while the store that counts it is unreachable.
 *
 * @param name lower-case letters, digits, {@code _} and {@code -}; keys of different limits never
 *     share a count, and the name becomes part of stored keys
 * @param permits how many acquisitions one key may make in any window; positive
 * @param window the sliding window's length; from one millisecond to 366 days
 * @param fallback what a limiter does while its store is unreachable; {@link
 *     RateLimitFallback#LOCAL} unless given
 */
public record RateLimit(String name, int permits, Duration window, RateLimitFallback fallback) {

    /** Limiters may count in steps of a fiftieth of the window: see {@link #granularity()}. */
    public static final int STEPS_PER_WINDOW = 50;

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Duration MAX_WINDOW = Duration.ofDays(366);

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(fallback, "fallback");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rate limit name must match [a-z0-9][a-z0-9_-]*, was \"" + name + "\"");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("rate limit permits must be positive, was " + permits);
        }
        if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("rate limit window must be from 1ms to 366 days, was " + window);
        }
    }

    /** A limit that counts locally while its store is unreachable. */
    public RateLimit(String name, int permits, Duration window) {
        this(name, permits, window, RateLimitFallback.LOCAL);
    }

    /**
     * The step limiters may count in: a fiftieth of the window, at least one millisecond. A permit
     * may stay counted up to two steps longer than the window, never shorter (see {@link
     * RateLimiter}).
     */
    public Duration granularity() {
        return Duration.ofMillis(stepMillis());
    }

    /**
     * For adapters that count in steps: a permit granted in step {@code s} (of {@link
     * #granularity()}, counted from the epoch) is counted in steps {@code s} to {@code s +
     * stepsCounted() - 1} and leaves the count when step {@code s + stepsCounted()} begins: the
     * steps that cover the window, plus two.
     */
    public int stepsCounted() {
        long step = stepMillis();
        return Math.toIntExact((window.toMillis() + step - 1) / step + 2);
    }

    /**
     * The longest a permit may stay counted after its grant: the window plus two steps, rounded up to
     * whole steps ({@code stepsCounted() * granularity()}).
     */
    public Duration countedAtMost() {
        return Duration.ofMillis(stepsCounted() * stepMillis());
    }

    private long stepMillis() {
        return Math.max(1, window.toMillis() / STEPS_PER_WINDOW);
    }
}
