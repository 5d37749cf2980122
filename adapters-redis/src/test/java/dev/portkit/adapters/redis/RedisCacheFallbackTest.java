package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.MapCache;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache contract on {@link RedisCache} while its circuit is open: every operation is served by
 * the in-memory fallback, and the contract (the concurrency checker included) holds there too. No
 * Redis runs: nothing may try to reach it while the circuit is open.
 */
class RedisCacheFallbackTest extends CacheContract {

    private static RedisConnector connector;
    private static RedisCircuit circuit;

    private final AtomicLong nanos = new AtomicLong();

    @BeforeAll
    static void openTheCircuit() {
        RedisSettings nowhere = new RedisSettings(
                URI.create("redis://127.0.0.1:1"), Duration.ofMillis(500), Duration.ofSeconds(1), "test");
        connector = RedisConnector.open(nowhere);
        circuit = new RedisCircuit(RedisBreakerSettings.DEFAULTS, () -> {
            throw new IllegalStateException("Redis is down for this test");
        });
        assertFalse(circuit.probeNow());
    }

    @AfterAll
    static void close() {
        circuit.close();
        connector.close();
    }

    @Override
    protected Cache createCache(String keyPrefix) {
        return new RedisCache(connector, circuit, new MapCache(nanos::get), RedisCacheSettings.withPrefix(keyPrefix));
    }

    @Override
    protected void advanceTime(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void theCircuitStaysOpenThroughTheWholeSuite() {
        cache.get(ARTICLES, "a1", UTF8);
        assertTrue(circuit.isOpen());
    }
}
