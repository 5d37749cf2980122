package dev.portkit.adapters.redis.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.LettuceClients;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterContract;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisRateLimiterIT extends RateLimiterContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static RedisClient client;
    private static RedisConnector connector;
    private static StatefulRedisConnection<String, String> connection;
    private final String prefix = "test-" + UUID.randomUUID() + ":";

    @BeforeAll
    static void connect() {
        client = LettuceClients.create(
                new RedisSettings(redis.uri(), Duration.ofSeconds(2), Duration.ofSeconds(2), "ratelimit-it"));
        connector = new RedisConnector(client);
        connection = connector.strings();
    }

    @AfterAll
    static void disconnect() {
        connector.close();
        client.shutdown();
    }

    @Override
    protected RateLimiter newLimiter() {
        return new RedisRateLimiter(connector, prefix);
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
        long ttl = connection.sync().pttl(keys.get(0));
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
        ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(prefix + "*"))
                .forEachRemaining(keys::add);
        return keys;
    }
}
