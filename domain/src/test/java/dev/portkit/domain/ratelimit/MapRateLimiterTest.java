package dev.portkit.domain.ratelimit;

import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;

class MapRateLimiterTest extends RateLimiterContract {

    private final MutableClock clock = MutableClock.startingNow();
    private MapRateLimiter map;

    @Override
    protected RateLimiter newLimiter() {
        map = new MapRateLimiter(clock);
        return map;
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Optional<Duration> storedFor(RateLimit limit, String key) {
        return map.storedFor(limit, key);
    }
}
