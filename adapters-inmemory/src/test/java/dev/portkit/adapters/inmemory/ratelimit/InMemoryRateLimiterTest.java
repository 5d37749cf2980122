package dev.portkit.adapters.inmemory.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterContract;
import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest extends RateLimiterContract {

    private final MutableClock clock = MutableClock.startingNow();

    @Override
    protected RateLimiter newLimiter() {
        return new InMemoryRateLimiter(clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void retryAfterIsExactOnAFakeClock() {
        RateLimit twoPerMinute = new RateLimit("login", 2, Duration.ofMinutes(1));
        limiter.tryAcquire(twoPerMinute, "alice");
        clock.advance(Duration.ofSeconds(10));
        limiter.tryAcquire(twoPerMinute, "alice");
        clock.advance(Duration.ofSeconds(5));

        assertEquals(RateLimitResult.denied(Duration.ofSeconds(45)), limiter.tryAcquire(twoPerMinute, "alice"));
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
