package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Lengthens TTLs by a random share of up to {@code percent} %, so that entries written together
 * (a warm-up, a popular page) do not all expire at the same instant and send a burst of loads to
 * the source. Thread-safe.
 */
public final class TtlJitter {

    /** No jitter: every entry lives exactly its TTL. */
    public static final TtlJitter NONE = new TtlJitter(0);

    private final int percent;
    private final DoubleSupplier random;

    /** @param percent 0 (none) to 100 */
    public TtlJitter(int percent) {
        this(percent, () -> ThreadLocalRandom.current().nextDouble());
    }

    TtlJitter(int percent, DoubleSupplier random) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("TTL jitter must be 0 to 100 percent, was " + percent);
        }
        this.percent = percent;
        this.random = Objects.requireNonNull(random, "random");
    }

    public int percent() {
        return percent;
    }

    /** A TTL in {@code [ttl, ttl * (1 + percent / 100)]}; exactly {@code ttl} without jitter. */
    public Duration apply(Duration ttl) {
        if (percent == 0) {
            return ttl;
        }
        long millis = ttl.toMillis();
        long extra = (long) (millis * (percent / 100.0) * random.getAsDouble());
        return ttl.plusMillis(extra);
    }
}
