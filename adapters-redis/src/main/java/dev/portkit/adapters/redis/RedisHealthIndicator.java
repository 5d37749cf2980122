package dev.portkit.adapters.redis;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reports Redis as {@link HealthStatus#UP} when a {@code PING} answers within the command timeout,
 * and as {@link HealthStatus#DEGRADED} while the service serves from its fallbacks (the shared
 * {@link RedisCircuit} is open) or the {@code PING} fails: the service still serves, without Redis.
 * Details: {@code fallbackActive}, {@code since}, {@code lastError} (never a secret) and, when up,
 * {@code latencyMs}. While the circuit is open no {@code PING} is sent: the check returns at once.
 */
public final class RedisHealthIndicator implements HealthIndicator {

    private final RedisCircuit circuit;
    private final RedisConnector connector;

    public RedisHealthIndicator(RedisCircuit circuit, RedisConnector connector) {
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Health check() {
        if (!circuit.isOpen()) {
            long start = System.nanoTime();
            try {
                circuit.run(() -> connector.strings().sync().ping());
                long micros = (System.nanoTime() - start) / 1_000;
                Map<String, Object> details = details(circuit.status());
                details.put("latencyMs", micros / 1000.0);
                return new Health(HealthStatus.UP, details);
            } catch (RedisUnavailableException e) {
                // reported below from the circuit's status, which now holds this error
            }
        }
        return new Health(HealthStatus.DEGRADED, details(circuit.status()));
    }

    private static Map<String, Object> details(RedisStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fallbackActive", status.fallbackActive());
        details.put("since", status.since().toString());
        status.lastError().ifPresent(error -> details.put("lastError", error));
        return details;
    }
}
