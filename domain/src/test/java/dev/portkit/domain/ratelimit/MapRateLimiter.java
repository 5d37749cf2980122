package dev.portkit.domain.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The smallest {@link RateLimiter} that keeps the contract: one synchronized map of exact sliding
 * window logs, each dropped when its last attempt leaves the window. It proves the {@link
 * RateLimiterContract} suite itself and serves tests that need a limiter without depending on an
 * adapter module. Not for production: it keeps one timestamp per permit, and a key that is never
 * used again is dropped only when another call for it comes.
 */
public final class MapRateLimiter implements RateLimiter {

    private final Clock clock;
    private final Map<List<String>, Deque<Long>> logs = new HashMap<>();

    public MapRateLimiter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized RateLimitResult tryAcquire(RateLimit limit, String key) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(key, "key");
        long now = clock.millis();
        long window = limit.window().toMillis();
        Deque<Long> log = current(limit, key, now).orElseGet(ArrayDeque::new);
        if (log.size() < limit.permits()) {
            log.addLast(now);
            logs.put(List.of(limit.name(), key), log);
            return RateLimitResult.allowed(limit.permits() - log.size());
        }
        return RateLimitResult.denied(Duration.ofMillis(log.peekFirst() + window - now));
    }

    /** How much longer the log of {@code key} is kept: until its newest attempt leaves the window. */
    public synchronized Optional<Duration> storedFor(RateLimit limit, String key) {
        long now = clock.millis();
        return current(limit, key, now)
                .map(log -> Duration.ofMillis(log.peekLast() + limit.window().toMillis() - now));
    }

    /** The key's log without the attempts that left the window; empty (and dropped) when none is left. */
    private Optional<Deque<Long>> current(RateLimit limit, String key, long now) {
        List<String> id = List.of(limit.name(), key);
        Deque<Long> log = logs.get(id);
        if (log == null) {
            return Optional.empty();
        }
        while (!log.isEmpty() && log.peekFirst() + limit.window().toMillis() <= now) {
            log.pollFirst();
        }
        if (log.isEmpty()) {
            logs.remove(id);
            return Optional.empty();
        }
        return Optional.of(log);
    }
}
