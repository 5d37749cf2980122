package dev.portkit.bootstrap.metrics;

import dev.portkit.adapters.redis.RedisCircuit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * The shared Redis circuit: {@code portkit_redis_circuit_open} (1 while open),
 * {@code portkit_redis_fallback_active} (1 while adapters serve from their fallbacks) and
 * {@code portkit_redis_outages_total}.
 */
public final class RedisCircuitMetrics implements MeterBinder {

    private final RedisCircuit circuit;

    public RedisCircuitMetrics(RedisCircuit circuit) {
        this.circuit = Objects.requireNonNull(circuit, "circuit");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("portkit.redis.circuit.open", circuit, c -> c.isOpen() ? 1 : 0)
                .description("1 while the Redis circuit breaker is open, else 0")
                .register(registry);
        Gauge.builder("portkit.redis.fallback.active", circuit, c -> c.status().fallbackActive() ? 1 : 0)
                .description("1 while the service serves from its fallbacks instead of Redis, else 0")
                .register(registry);
        FunctionCounter.builder("portkit.redis.outages", circuit, RedisCircuit::outages)
                .description("Times the circuit opened since start")
                .register(registry);
    }
}
