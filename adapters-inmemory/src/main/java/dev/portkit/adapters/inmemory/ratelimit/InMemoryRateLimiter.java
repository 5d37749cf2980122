package dev.portkit.adapters.inmemory.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link RateLimiter} in this process's memory (Caffeine): a sliding window log per key, counted
 * for this instance only. A key's log is dropped one window after its last counted attempt.
 *
 * <p>Memory is bounded: beyond {@code maxKeys} keys the least recently used logs are evicted, which
 * lets those keys start afresh (a flood of distinct keys loosens limits rather than exhausting the
 * heap).
 */
public final class InMemoryRateLimiter implements RateLimiter {

    /** A sensible bound for login throttling: about 100 bytes per permit and key. */
    public static final long DEFAULT_MAX_KEYS = 100_000;

    private final Clock clock;
    private final Cache<Bucket, AttemptLog> logs;

    public InMemoryRateLimiter(Clock clock) {
        this(clock, DEFAULT_MAX_KEYS);
    }

    public InMemoryRateLimiter(Clock clock, long maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logs = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .maximumSize(maxKeys)
                .expireAfter(Expiry.<Bucket, AttemptLog>writing((bucket, log) -> bucket.window()))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        Bucket bucket = new Bucket(limit.name(), Objects.requireNonNull(key, "key"), limit.window());
        long now = clock.millis();
        AtomicReference<RateLimitResult> result = new AtomicReference<>();
        logs.asMap().compute(bucket, (b, existing) -> {
            AttemptLog log = existing == null ? new AttemptLog() : existing;
            result.set(log.tryAcquire(now, limit.permits(), limit.window().toMillis()));
            return log;
        });
        return result.get();
    }

    /** One count: a limit's name and a key (the window is carried along for the expiry). */
    private record Bucket(String limit, String key, Duration window) {}

    /** The times of the counted attempts still in the window, oldest first; guarded by compute. */
    private static final class AttemptLog {

        private final ArrayDeque<Long> times = new ArrayDeque<>();

        RateLimitResult tryAcquire(long now, int permits, long windowMillis) {
            while (!times.isEmpty() && times.peekFirst() + windowMillis <= now) {
                times.pollFirst();
            }
            if (times.size() < permits) {
                times.addLast(now);
                return RateLimitResult.allowed(permits - times.size());
            }
            return RateLimitResult.denied(Duration.ofMillis(times.peekFirst() + windowMillis - now));
        }
    }
}
