package dev.portkit.adapters.redis.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterContract;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The rate limiter contract on a real Redis in each topology. */
@ParameterizedClass
@EnumSource(Topology.class)
class RedisRateLimiterIT extends RateLimiterContract {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Parameter
    Topology topology;

    private RedisConnector connector;
    private String prefix;

    @BeforeEach
    void connect() {
        connector = redis.connector(topology);
        prefix = redis.keyPrefix();
    }

    @Override
    protected RateLimiter newLimiter() {
        return new RedisRateLimiter(redis.connector(topology), redis.keyPrefix());
    }

    @Override
    protected Duration window() {
        return Duration.ofMillis(800);
    }

    @Override
    protected void elapse(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void keysAreHashedAndExpireWithTheWindow() {
        RateLimit limit = new RateLimit("login-user", 3, window());
        limiter.tryAcquire(limit, "hunter2-typed-as-a-username");

        List<String> keys = keys();
        assertEquals(1, keys.size());
        assertTrue(keys.get(0).startsWith(prefix + "ratelimit:login-user:"), keys.get(0));
        assertFalse(keys.get(0).contains("hunter2"), "the key is stored hashed");
        long ttl = connector.strings().pttl(keys.get(0));
        assertTrue(ttl > 0 && ttl <= window().toMillis(), "expires one window after the last attempt: " + ttl);
    }

    @Test
    void instancesShareOneCount() {
        RateLimit limit = new RateLimit("login-user", 2, Duration.ofMinutes(1));
        RateLimiter other = new RedisRateLimiter(connector, prefix);

        assertTrue(limiter.tryAcquire(limit, "alice").allowed());
        assertTrue(other.tryAcquire(limit, "alice").allowed());

        assertFalse(limiter.tryAcquire(limit, "alice").allowed());
        assertFalse(other.tryAcquire(limit, "alice").allowed());
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(connector.strings(), ScanArgs.Builder.matches(prefix + "*"))
                .forEachRemaining(keys::add);
        return keys;
    }
}
