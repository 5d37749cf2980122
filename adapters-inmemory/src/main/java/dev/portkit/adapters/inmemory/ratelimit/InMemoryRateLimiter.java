package dev.portkit.adapters.inmemory.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link RateLimiter} in this process's memory (Caffeine), counted for this instance only: per
 * limit and key, the permits granted in each step of a fiftieth of the window ({@link
 * RateLimit#granularity()}), in a ring of {@link RateLimit#stepsCounted()} counters, as {@code
 * RedisRateLimiter} counts them in Redis. Memory per key is constant (about 250 bytes), whatever
 * the number of permits. A key's counters are dropped when its last permit stops counting.
 *
 * <p>Memory is bounded: beyond {@code maxKeys} keys the least recently used counters are evicted,
 * which lets those keys start afresh (a flood of distinct keys loosens limits rather than
 * exhausting the heap).
 */
public final class InMemoryRateLimiter implements RateLimiter {

    /** A sensible bound: about 25 MB of counters. */
    public static final long DEFAULT_MAX_KEYS = 100_000;

    private final Clock clock;
    private final Cache<Bucket, StepCounts> counts;

    public InMemoryRateLimiter(Clock clock) {
        this(clock, DEFAULT_MAX_KEYS);
    }

    public InMemoryRateLimiter(Clock clock, long maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counts = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .maximumSize(maxKeys)
                .expireAfter(Expiry.<Bucket, StepCounts>writing(
                        (bucket, steps) -> Duration.ofMillis(steps.releasedAt() - clock.millis())))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        Bucket bucket = new Bucket(limit.name(), Objects.requireNonNull(key, "key"), limit.window());
        long now = clock.millis();
        AtomicReference<RateLimitResult> result = new AtomicReference<>();
        counts.asMap().compute(bucket, (b, existing) -> {
            StepCounts steps = existing == null ? new StepCounts(limit, now) : existing;
            result.set(steps.tryAcquire(now, limit.permits()));
            return steps;
        });
        return result.get();
    }

    /** How much longer the counters of {@code key} are kept; empty when there are none. For tests. */
    Optional<Duration> storedFor(RateLimit limit, String key) {
        return counts.policy()
                .expireVariably()
                .flatMap(expiry -> expiry.getExpiresAfter(new Bucket(limit.name(), key, limit.window())));
    }

    /** One count: a limit's name and a key (and the window, which sizes the counters). */
    private record Bucket(String limit, String key, Duration window) {}

    /**
     * Permits granted per step in a ring covering the steps that still count; guarded by compute.
     * Step {@code s} is counted in {@code ring[s % ring.length]}.
     */
    private static final class StepCounts {

        private final long stepMillis;
        private final int[] ring;
        private long oldest; // the oldest step that may still count
        private long newest; // the newest step with a grant
        private int total;

        StepCounts(RateLimit limit, long now) {
            this.stepMillis = limit.granularity().toMillis();
            this.ring = new int[limit.stepsCounted()];
            this.oldest = now / stepMillis;
            this.newest = oldest;
        }

        RateLimitResult tryAcquire(long now, int permits) {
            long current = now / stepMillis;
            forgetBefore(current - ring.length + 1);
            if (total < permits) {
                ring[index(current)]++;
                total++;
                newest = current;
                return RateLimitResult.allowed(permits - total);
            }
            int toFree = total - permits + 1;
            long step = oldest;
            while ((toFree -= ring[index(step)]) > 0) {
                step++;
            }
            return RateLimitResult.denied(Duration.ofMillis((step + ring.length) * stepMillis - now));
        }

        /** When the newest grant stops counting, and with it every other. */
        long releasedAt() {
            return (newest + ring.length) * stepMillis;
        }

        /** Drops the steps before {@code first}; once the total is 0 every counter already is. */
        private void forgetBefore(long first) {
            for (long step = oldest; step < first && total > 0; step++) {
                total -= ring[index(step)];
                ring[index(step)] = 0;
            }
            oldest = Math.max(oldest, first);
        }

        private int index(long step) {
            return (int) Math.floorMod(step, (long) ring.length);
        }
    }
}
