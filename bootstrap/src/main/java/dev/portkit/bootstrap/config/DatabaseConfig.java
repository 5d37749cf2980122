package dev.portkit.bootstrap.config;

import dev.portkit.adapters.postgres.PostgresSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the sources of truth are kept and how the service waits for them.
 *
 * @param store PostgreSQL or memory
 * @param external the PostgreSQL of {@code DATABASE_URL} (or {@code DATABASE_HOST}), with the limits below;
 *     empty for the embedded one and for memory
 * @param dataDir where the embedded PostgreSQL keeps its data ({@code DATA_DIR})
 * @param poolSize connections per instance ({@code DATABASE_POOL_SIZE})
 * @param connectTimeout the longest a request waits for a connection ({@code DATABASE_CONNECT_TIMEOUT})
 * @param queryTimeout the longest a statement runs ({@code DATABASE_QUERY_TIMEOUT})
 * @param feedInterval how often each instance reads the feed of committed content changes ({@code
 *     DATABASE_FEED_INTERVAL})
 */
public record DatabaseConfig(
        StoreChoice store,
        Optional<PostgresSettings> external,
        Path dataDir,
        int poolSize,
        Duration connectTimeout,
        Duration queryTimeout,
        Duration feedInterval) {

    /** How often the change feed is read unless {@code DATABASE_FEED_INTERVAL} says otherwise. */
    public static final Duration DEFAULT_FEED_INTERVAL = Duration.ofMillis(100);

    public DatabaseConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(external, "external");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(feedInterval, "feedInterval");
        if (store == StoreChoice.MEMORY && external.isPresent()) {
            throw new IllegalArgumentException("a database for the in-memory store");
        }
    }

    /** The in-memory store. */
    public static DatabaseConfig memory() {
        return new DatabaseConfig(
                StoreChoice.MEMORY,
                Optional.empty(),
                Path.of(DatabaseVariables.DEFAULT_DATA_DIR),
                PostgresSettings.DEFAULT_POOL_SIZE,
                PostgresSettings.DEFAULT_CONNECT_TIMEOUT,
                PostgresSettings.DEFAULT_QUERY_TIMEOUT,
                DEFAULT_FEED_INTERVAL);
    }

    /** Whether the service runs its own PostgreSQL in {@link #dataDir()}. */
    public boolean embedded() {
        return store == StoreChoice.POSTGRES && external.isEmpty();
    }

    /** For the start-up line: which store, and where; never a password. */
    public String describe() {
        if (store == StoreChoice.MEMORY) {
            return "the in-memory store (nothing survives a restart)";
        }
        return external.map(settings -> "PostgreSQL at " + settings.redactedUrl())
                .orElseGet(() -> "the embedded PostgreSQL (data in "
                        + dataDir.toAbsolutePath().normalize() + ")");
    }
}
