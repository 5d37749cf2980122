package dev.portkit.bootstrap.metrics;

import dev.portkit.adapters.postgres.PostgresDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every database call as {@code portkit_db_query_seconds{operation,outcome}}: the operation is the
 * adapter's fixed name for it (e.g. {@code content.find}, a small set), the outcome {@code success} or {@code
 * error}. The count per outcome gives calls and failures, the sum the time spent.
 */
public final class DatabaseQueryMetrics implements PostgresDatabase.QueryTimer {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    public DatabaseQueryMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void record(String operation, boolean succeeded, long nanos) {
        String outcome = succeeded ? "success" : "error";
        timers.computeIfAbsent(
                        operation + '/' + outcome,
                        key -> Timer.builder("portkit.db.query")
                                .description("Database calls by operation and outcome")
                                .tag("operation", operation)
                                .tag("outcome", outcome)
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
