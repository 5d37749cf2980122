package dev.portkit.bootstrap.wiring;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.PostgresSettings;
import dev.portkit.adapters.postgres.embedded.EmbeddedPostgresServer;
import dev.portkit.adapters.postgres.session.PostgresSessionStore;
import dev.portkit.bootstrap.config.DatabaseConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's life: on first use it starts the embedded server (when no {@code DATABASE_URL} is set), opens
 * the pool and migrates the schema; the expired-session purge runs every minute; {@link #close()} undoes it
 * all in reverse order, and only what was started. A failed start leaves nothing running.
 */
final class DatabaseLifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseLifecycle.class);
    private static final int PURGE_BATCH = 1_000;
    private static final int PURGE_BATCHES_PER_RUN = 10;
    private static final long PURGE_PERIOD_SECONDS = 60;

    private final DatabaseConfig config;
    private final MetricsTrackerFactory poolMetrics;
    private final PostgresDatabase.QueryTimer queryTimer;
    private EmbeddedPostgresServer embedded;
    private PostgresDatabase database;
    private ScheduledExecutorService purge;
    private boolean closed;

    DatabaseLifecycle(
            DatabaseConfig config, MetricsTrackerFactory poolMetrics, PostgresDatabase.QueryTimer queryTimer) {
        this.config = Objects.requireNonNull(config, "config");
        this.poolMetrics = Objects.requireNonNull(poolMetrics, "poolMetrics");
        this.queryTimer = Objects.requireNonNull(queryTimer, "queryTimer");
    }

    /** The database, started on the first call. */
    synchronized PostgresDatabase database() {
        if (closed) {
            throw new IllegalStateException("the database was shut down");
        }
        if (database == null) {
            PostgresSettings settings;
            if (config.embedded()) {
                embedded = EmbeddedPostgresServer.start(config.dataDir());
                settings = embedded.settings()
                        .withLimits(config.poolSize(), config.connectTimeout(), config.queryTimeout());
            } else {
                settings = config.external().orElseThrow();
            }
            try {
                database = PostgresDatabase.open(settings, Optional.of(poolMetrics), queryTimer);
            } catch (RuntimeException e) {
                stopEmbedded();
                throw e;
            }
        }
        return database;
    }

    /** Deletes expired sessions in the background, a few batches a minute, until {@link #close()}. */
    synchronized void purgeExpiredSessions(PostgresSessionStore sessions) {
        if (purge != null || closed) {
            return;
        }
        purge = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portkit-session-purge");
            thread.setDaemon(true);
            return thread;
        });
        purge.scheduleWithFixedDelay(
                () -> purgeOnce(sessions), PURGE_PERIOD_SECONDS, PURGE_PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (purge != null) {
            purge.shutdownNow();
        }
        if (database != null) {
            database.close();
        }
        stopEmbedded();
    }

    private static void purgeOnce(PostgresSessionStore sessions) {
        try {
            int purged = 0;
            for (int batch = 0; batch < PURGE_BATCHES_PER_RUN; batch++) {
                int deleted = sessions.purgeExpired(PURGE_BATCH);
                purged += deleted;
                if (deleted < PURGE_BATCH) {
                    break;
                }
            }
            if (purged > 0) {
                log.debug("Purged {} expired sessions", purged);
            }
        } catch (RuntimeException e) { // the database is down: try again next time; never end the schedule
            log.debug("Purging expired sessions failed: {}", e.toString());
        }
    }

    private void stopEmbedded() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
