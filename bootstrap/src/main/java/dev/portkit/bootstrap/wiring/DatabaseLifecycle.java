package dev.portkit.bootstrap.wiring;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.PostgresSettings;
import dev.portkit.adapters.postgres.content.PostgresContentChanges;
import dev.portkit.adapters.postgres.embedded.EmbeddedPostgresServer;
import dev.portkit.adapters.postgres.session.PostgresSessionStore;
import dev.portkit.bootstrap.config.DatabaseConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's life: on first use it starts the embedded server (when no {@code DATABASE_URL} is set), opens
 * the pool and migrates the schema; the purges of expired sessions and of old content changes run every
 * minute; {@link #close()} undoes it all in reverse order, and only what was started. A failed start leaves
 * nothing running.
 */
final class DatabaseLifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseLifecycle.class);
    private static final int PURGE_BATCH = 1_000;
    private static final int PURGE_BATCHES_PER_RUN = 100;
    private static final long PURGE_PERIOD_SECONDS = 60;
    /**
     * How long content changes are kept: far longer than any instance takes to read them. A reader further
     * behind (an instance cut off from the database, Redis down for longer) drops every content entry.
     */
    static final Duration CONTENT_CHANGE_RETENTION = Duration.ofHours(1);

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

    /** Deletes expired sessions in the background, batches every minute, until {@link #close()}. */
    synchronized void purgeExpiredSessions(PostgresSessionStore sessions) {
        schedulePurge("expired sessions", () -> sessions.purgeExpired(PURGE_BATCH));
    }

    /** Deletes content changes older than {@link #CONTENT_CHANGE_RETENTION}, batches every minute. */
    synchronized void purgeContentChanges(PostgresContentChanges changes) {
        schedulePurge(
                "old content changes", () -> changes.purge(Instant.now().minus(CONTENT_CHANGE_RETENTION), PURGE_BATCH));
    }

    private void schedulePurge(String what, IntSupplier batch) {
        if (closed) {
            return;
        }
        if (purge == null) {
            purge = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "portkit-database-purge");
                thread.setDaemon(true);
                return thread;
            });
        }
        purge.scheduleWithFixedDelay(
                () -> purgeOnce(what, batch), PURGE_PERIOD_SECONDS, PURGE_PERIOD_SECONDS, TimeUnit.SECONDS);
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

    private static void purgeOnce(String what, IntSupplier batch) {
        try {
            int purged = 0;
            for (int run = 0; run < PURGE_BATCHES_PER_RUN; run++) {
                int deleted = batch.getAsInt();
                purged += deleted;
                if (deleted < PURGE_BATCH) {
                    break;
                }
            }
            if (purged > 0) {
                log.debug("Purged {} {}", purged, what);
            }
        } catch (RuntimeException e) { // the database is down: try again next time; never end the schedule
            log.debug("Purging {} failed: {}", what, e.toString());
        }
    }

    private void stopEmbedded() {
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}
