package dev.portkit.benchmarks;

import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisSettings;
import java.net.URI;
import java.time.Duration;

/**
 * The shared connections, made the way the service makes them, against the
 * Redis named by {@code REDIS_URL} (default {@code redis://127.0.0.1:6379}). The benchmarks start no
 * Redis themselves: {@code scripts/bench} starts a throwaway one.
 */
final class RedisFixture implements AutoCloseable {

    /** Every key a benchmark writes lives under this prefix. */
    static final String PREFIX = "portkit-bench:";

    private final RedisConnector connector;

    RedisFixture() {
        String url = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");
        connector = RedisConnector.open(
                new RedisSettings(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(2), "portkit-bench"));
    }

    RedisConnector connector() {
        return connector;
    }

    @Override
    public void close() {
        connector.close(); // and its client
    }
}
