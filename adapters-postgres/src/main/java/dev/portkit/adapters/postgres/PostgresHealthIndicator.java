package dev.portkit.adapters.postgres;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code database} check: {@code UP} with the round trip's latency, the server's version and the pool's
 * usage; {@code DOWN} while the database cannot be reached, with since when and the last error (never a
 * password). The source of truth being down is not a degradation a fallback covers: the service reports
 * {@code DOWN}.
 *
 * <p>Each check runs {@code SELECT} through {@link PostgresDatabase#call}, so it waits at most the connect
 * timeout plus one second, and nothing at all while the circuit is open (then it also serves as the probe
 * that closes it). The server version is read once.
 */
public final class PostgresHealthIndicator implements HealthIndicator {

    private static final int CHECK_TIMEOUT_SECONDS = 1;

    private final PostgresDatabase database;
    private final boolean embedded;
    private final AtomicReference<String> version = new AtomicReference<>();

    /** @param embedded whether it is the embedded server, as a detail for operators */
    public PostgresHealthIndicator(PostgresDatabase database, boolean embedded) {
        this.database = Objects.requireNonNull(database, "database");
        this.embedded = embedded;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Health check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("embedded", embedded);
        details.put("database", database.settings().database());
        long start = System.nanoTime();
        try {
            String serverVersion = database.call("health", connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
                    try (ResultSet row = statement.executeQuery("SELECT current_setting('server_version')")) {
                        row.next();
                        return row.getString(1);
                    }
                }
            });
            version.set(serverVersion);
            details.put("latencyMs", (System.nanoTime() - start) / 1_000_000);
            details.put("version", serverVersion);
            details.put("pool", pool());
            return new Health(HealthStatus.UP, details);
        } catch (SourceOfTruthUnavailableException | IllegalStateException e) {
            PostgresDatabase.Status status = database.status();
            if (!status.available()) {
                details.put("since", status.since().toString());
            }
            details.put("lastError", status.lastError().orElse(e.getMessage()));
            details.put("pool", pool());
            if (version.get() != null) {
                details.put("version", version.get());
            }
            return new Health(HealthStatus.DOWN, details);
        }
    }

    private Map<String, Object> pool() {
        PostgresDatabase.PoolUsage usage = database.poolUsage();
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("active", usage.active());
        pool.put("idle", usage.idle());
        pool.put("total", usage.total());
        pool.put("max", usage.max());
        pool.put("waiting", usage.waiting());
        return pool;
    }
}
