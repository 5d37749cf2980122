package dev.portkit.adapters.redis.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.domain.ratelimit.MapRateLimiter;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each limit's fallback while Redis is stopped, and back to the shared count when it returns. */
class FallbackRateLimiterIT {

    /** Its own Redis: the test stops it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final RateLimit local = limit("local", RateLimitFallback.LOCAL);
    private final RateLimit open = limit("open", RateLimitFallback.OPEN);
    private final RateLimit closed = limit("closed", RateLimitFallback.CLOSED);
    private RedisConnector connector;
    private RedisCircuit circuit;
    private FallbackRateLimiter limiter;

    @BeforeEach
    void connect() {
        redis.server().start();
        connector = redis.newConnector(redis.settings());
        circuit = redis.closeAfterTest(
                new RedisCircuit(new RedisBreakerSettings(50, 2, Duration.ofMillis(200)), connector::ping));
        limiter = new FallbackRateLimiter(
                new RedisRateLimiter(connector, redis.keyPrefix(), 1, circuit), new MapRateLimiter(Clock.systemUTC()));
    }

    @AfterEach
    void restart() {
        redis.server().start();
    }

    @Test
    void eachLimitFallsBackAsItDeclares() {
        for (RateLimit limit : new RateLimit[] {local, open, closed}) {
            assertEquals(RateLimitResult.allowed(0), limiter.tryAcquire(limit, "alice"), limit.name());
            assertFalse(limiter.tryAcquire(limit, "alice").allowed(), limit.name() + " counted in Redis");
        }

        redis.server().stop();
        awaitCircuit(true);

        assertEquals(RateLimitResult.allowed(0), limiter.tryAcquire(local, "alice"), "local: counted afresh here");
        assertFalse(limiter.tryAcquire(local, "alice").allowed(), "local: and still throttled");
        assertThrows(RateLimiterUnavailableException.class, () -> limiter.tryAcquire(open, "alice"));
        RateLimiterUnavailableException refused =
                assertThrows(RateLimiterUnavailableException.class, () -> limiter.tryAcquire(closed, "alice"));
        assertEquals(0, refused.getStackTrace().length, "cheap: thrown for every request of the outage");

        redis.server().start();
        awaitCircuit(false);

        // The restarted redis-server kept nothing (no persistence here): each limit counts there anew.
        for (RateLimit limit : new RateLimit[] {local, open, closed}) {
            assertEquals(RateLimitResult.allowed(0), limiter.tryAcquire(limit, "alice"), limit.name());
            assertFalse(limiter.tryAcquire(limit, "alice").allowed(), limit.name() + " counted in Redis again");
        }
    }

    private void awaitCircuit(boolean open) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (circuit.isOpen() != open) {
            assertTrue(System.nanoTime() < deadline, "the circuit did not " + (open ? "open" : "close"));
            if (open) {
                try {
                    limiter.tryAcquire(local, "probe");
                } catch (RateLimiterUnavailableException e) {
                    // counts as a failure; the loop waits for the circuit
                }
            } else {
                sleep();
            }
        }
    }

    private static RateLimit limit(String name, RateLimitFallback fallback) {
        return new RateLimit(name, 1, Duration.ofMinutes(1), fallback);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
