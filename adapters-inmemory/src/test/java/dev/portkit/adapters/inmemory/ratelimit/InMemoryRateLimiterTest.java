package dev.portkit.adapters.inmemory.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterContract;
import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContract {

    private final MutableClock clock = MutableClock.startingNow();
    private InMemoryRateLimiter inMemory;

    @Override
    protected RateLimiter newLimiter() {
        inMemory = new InMemoryRateLimiter(clock);
        return inMemory;
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Optional<Duration> storedFor(RateLimit limit, String key) {
        return inMemory.storedFor(limit, key);
    }

    @Test
    void aPermitComesBackWhenItsStepLeavesTheCount() {
        // Steps of 1.2 s; a permit counts in its step and the 51 after it: 61.2 s to 62.4 s.
        RateLimit twoPerMinute = new RateLimit("login", 2, Duration.ofMinutes(1));
        limiter.tryAcquire(twoPerMinute, "alice"); // step 0
        clock.advance(Duration.ofSeconds(10));
        limiter.tryAcquire(twoPerMinute, "alice"); // step 8
        clock.advance(Duration.ofSeconds(5));

        assertEquals(
                RateLimitResult.denied(Duration.ofMillis(62_400 - 15_000)),
                limiter.tryAcquire(twoPerMinute, "alice"),
                "the step of the first grant leaves the count at 62.4 s");
    }

    @Test
    void evictingKeysBeyondTheBoundForgetsTheirCounts() {
        InMemoryRateLimiter small = new InMemoryRateLimiter(clock, 10);
        RateLimit onePerMinute = new RateLimit("login", 1, Duration.ofMinutes(1));
        for (int i = 0; i < 1_000; i++) {
            small.tryAcquire(onePerMinute, "address-" + i);
        }

        int forgotten = 0;
        for (int i = 0; i < 1_000; i++) {
            if (small.tryAcquire(onePerMinute, "address-" + i).allowed()) {
                forgotten++;
            }
        }
        assertTrue(forgotten > 900, "most keys were evicted, so memory stays bounded: " + forgotten);
    }
}
