package dev.portkit.adapters.redis;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;
import java.util.Objects;

/** Reports Redis as up when a {@code PING} answers within the command timeout. */
public final class RedisHealthIndicator implements HealthIndicator {

    private final StatefulRedisConnection<String, String> connection;

    public RedisHealthIndicator(StatefulRedisConnection<String, String> connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Health check() {
        long start = System.nanoTime();
        try {
            connection.sync().ping();
            long micros = (System.nanoTime() - start) / 1_000;
            return new Health(HealthStatus.UP, Map.of("latencyMs", micros / 1000.0));
        } catch (RuntimeException e) {
            return new Health(HealthStatus.DOWN, Map.of("error", e.getClass().getSimpleName()));
        }
    }
}
