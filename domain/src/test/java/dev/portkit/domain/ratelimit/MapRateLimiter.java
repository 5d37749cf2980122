package dev.portkit.domain.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The smallest {@link RateLimiter} that keeps the contract: one synchronized map of attempt logs.
 * It proves the {@link RateLimiterContract} suite itself and serves tests that need a limiter
 * without depending on an adapter module. Not for production: nothing is ever evicted.
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
        Deque<Long> log = logs.computeIfAbsent(List.of(limit.name(), key), k -> new ArrayDeque<>());
        while (!log.isEmpty() && log.peekFirst() + window <= now) {
            log.pollFirst();
        }
        if (log.size() < limit.permits()) {
            log.addLast(now);
            return RateLimitResult.allowed(limit.permits() - log.size());
        }
        return RateLimitResult.denied(Duration.ofMillis(log.peekFirst() + window - now));
    }
}
