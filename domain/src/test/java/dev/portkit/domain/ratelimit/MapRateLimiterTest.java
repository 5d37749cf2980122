package dev.portkit.domain.ratelimit;

import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;

class MapRateLimiterTest extends RateLimiterContract {

    private final MutableClock clock = MutableClock.startingNow();

    @Override
    protected RateLimiter newLimiter() {
        return new MapRateLimiter(clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }
}
