package dev.portkit.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's PostgreSQL: a HikariCP pool, the schema migrated by Flyway at start-up, and a circuit breaker
 * (Resilience4j) so that requests fail fast while the database is down. Every adapter of this module runs its
 * SQL through {@link #call}.
 *
 * <h2>Timeouts</h2>
 *
 * A request waits at most {@link PostgresSettings#connectTimeout()} for a connection, and a statement runs at
 * most {@link PostgresSettings#queryTimeout()} ({@code statement_timeout}, enforced by the server; the
 * driver's socket timeout, a second or two longer, catches a server that does not answer at all). Then {@link
 * #call} throws {@link SourceOfTruthUnavailableException}. Migrations run on connections of their own, without
 * those limits.
 *
 * <h2>When the database is down</h2>
 *
 * Failures to reach the database (refused, a pool or statement timeout, the server shutting down) are counted;
 * when half of the last ten calls (at least five) failed so, the circuit opens: {@link #call} fails at once,
 * without waiting on the pool, for one second; then one call probes the database and, if it succeeds, the
 * circuit closes. Errors of a statement itself (a constraint, a bug) do not count: they are the caller's; nor
 * does a pool whose connections were all busy for the connect timeout (overload: that request gets
 * {@link SourceOfTruthUnavailableException}, the others go on). One WARN line is logged when the database
 * becomes unavailable and one INFO line when it is back.
 *
 * <p>Thread-safe. {@link #close()} closes the pool.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
    private static final Duration OPEN_WAIT = Duration.ofSeconds(1);
    private static final int MINIMUM_CALLS = 5;
    /** How much longer than {@code statement_timeout} the client waits for the server's answer. */
    private static final Duration SOCKET_GRACE = Duration.ofSeconds(2);

    private final PostgresSettings settings;
    private final HikariDataSource pool;
    private final CircuitBreaker breaker;
    private final QueryTimer timer;
    private final Clock clock;
    private volatile Status status;

    private PostgresDatabase(PostgresSettings settings, HikariDataSource pool, QueryTimer timer, Clock clock) {
        this.settings = settings;
        this.pool = pool;
        this.timer = timer;
        this.clock = clock;
        this.status = new Status(true, clock.instant(), Optional.empty());
        this.breaker = CircuitBreaker.of(
                "postgres",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(50)
                        .minimumNumberOfCalls(MINIMUM_CALLS)
                        .slidingWindow(10, MINIMUM_CALLS, SlidingWindowType.COUNT_BASED)
                        .waitDurationInOpenState(OPEN_WAIT)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(e -> e instanceof Unavailable)
                        .ignoreExceptions(Busy.class)
                        .writableStackTraceEnabled(false)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> onTransition(event.getStateTransition()));
    }

    /**
     * Opens the pool and migrates the schema to the newest version ({@code db/migration} on the class path).
     * Several instances may start at once: Flyway takes a database lock while it migrates.
     *
     * @param poolMetrics HikariCP's meters (e.g. its Micrometer factory), or empty for none
     * @param timer told the duration of every {@link #call}
     * @throws SourceOfTruthUnavailableException if the database cannot be reached within the connect timeout
     */
    public static PostgresDatabase open(
            PostgresSettings settings, Optional<MetricsTrackerFactory> poolMetrics, QueryTimer timer) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(poolMetrics, "poolMetrics");
        Objects.requireNonNull(timer, "timer");
        migrate(settings);
        HikariConfig config = new HikariConfig();
        config.setPoolName("portkit");
        config.setDataSource(dataSource(settings, true));
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), 1_000));
        // The pool starts empty and fills on demand: migrate() has just proved the database answers.
        config.setInitializationFailTimeout(-1);
        poolMetrics.ifPresent(config::setMetricsTrackerFactory);
        return new PostgresDatabase(settings, new HikariDataSource(config), timer, Clock.systemUTC());
    }

    /** {@link #open(PostgresSettings, Optional, QueryTimer)} without meters. */
    public static PostgresDatabase open(PostgresSettings settings) {
        return open(settings, Optional.empty(), QueryTimer.NONE);
    }

    /**
     * Runs {@code work} on a pooled connection (auto-commit, so each statement is its own transaction unless
     * the work says otherwise) and times it as {@code operation}.
     *
     * @param operation a short, fixed name for metrics, e.g. {@code content.find}; never user input
     * @throws SourceOfTruthUnavailableException if the database cannot be reached or does not answer in time,
     *     at once while the circuit is open
     * @throws IllegalStateException for any other SQL error, with the statement's message
     */
    public <T> T call(String operation, SqlWork<T> work) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(work, "work");
        long start = System.nanoTime();
        boolean succeeded = false;
        try {
            T result = breaker.executeCallable(() -> run(work));
            succeeded = true;
            return result;
        } catch (Unavailable e) {
            throw new SourceOfTruthUnavailableException(
                    "PostgreSQL is unavailable (" + operation + "): " + e.getMessage(), e.getCause());
        } catch (Busy e) {
            throw new SourceOfTruthUnavailableException(
                    "PostgreSQL is busy (" + operation + "): no connection free within "
                            + settings.connectTimeout().toMillis() + " ms",
                    e.getCause());
        } catch (CallNotPermittedException e) {
            throw new SourceOfTruthUnavailableException(
                    "PostgreSQL is unavailable (" + operation + "): waiting to probe it again", null);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + operation + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL call " + operation + " failed", e);
        } finally {
            timer.record(operation, succeeded, System.nanoTime() - start);
        }
    }

    /** Whether the circuit is open: the database was found unavailable and is not probed yet. */
    public boolean isUnavailable() {
        return breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /** The current state, since when, and the last error; safe to show to operators. */
    public Status status() {
        return status;
    }

    /** Connections in use, idle, in total and at most, and requests waiting for one. */
    public PoolUsage poolUsage() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean == null) {
            return new PoolUsage(0, 0, 0, settings.poolSize(), 0);
        }
        return new PoolUsage(
                bean.getActiveConnections(),
                bean.getIdleConnections(),
                bean.getTotalConnections(),
                settings.poolSize(),
                bean.getThreadsAwaitingConnection());
    }

    public PostgresSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        pool.close();
    }

    private <T> T run(SqlWork<T> work) throws Exception {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            if (SqlErrors.isPoolExhausted(e)) {
                throw new Busy(e);
            }
            if (SqlErrors.isUnavailable(e)) {
                String error = SqlErrors.describe(e);
                status = new Status(status.available(), status.since(), Optional.of(error));
                throw new Unavailable(error, e);
            }
            throw e;
        }
    }

    private void onTransition(CircuitBreaker.StateTransition transition) {
        CircuitBreaker.State to = transition.getToState();
        if (transition.getFromState() == CircuitBreaker.State.CLOSED && to == CircuitBreaker.State.OPEN) {
            status = new Status(false, clock.instant(), status.lastError());
            log.warn(
                    "PostgreSQL is unavailable; requests that need it answer 503 until it is back: {}",
                    status.lastError().orElse("unknown error"));
        } else if (to == CircuitBreaker.State.CLOSED) {
            Status down = status;
            status = new Status(true, clock.instant(), down.lastError());
            log.info(
                    "PostgreSQL is available again after {} ms",
                    Duration.between(down.since(), clock.instant()).toMillis());
        }
    }

    /** Runs the Flyway migrations on a connection of their own, free of the pool's statement timeout. */
    private static void migrate(PostgresSettings settings) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource(settings, false))
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                log.info(
                        "Migrated the database schema to version {} ({} migrations applied)",
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            if (cause instanceof SQLException sql && SqlErrors.isUnavailable(sql)) {
                throw new SourceOfTruthUnavailableException(
                        "Cannot reach PostgreSQL at " + settings.redactedUrl() + ": " + SqlErrors.describe(sql), null);
            }
            throw e;
        }
    }

    /** pgjdbc's own data source: the driver settings, TLS and, for the pool, the timeouts. */
    static PGSimpleDataSource dataSource(PostgresSettings settings, boolean withTimeouts) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {settings.host()});
        source.setPortNumbers(new int[] {settings.port()});
        source.setDatabaseName(settings.database());
        source.setUser(settings.user());
        settings.password().ifPresent(source::setPassword);
        source.setApplicationName("portkit");
        source.setTcpKeepAlive(true);
        source.setConnectTimeout(seconds(settings.connectTimeout()));
        source.setLoginTimeout(seconds(settings.connectTimeout()));
        if (withTimeouts) {
            source.setOptions("-c statement_timeout=" + settings.queryTimeout().toMillis());
            source.setSocketTimeout(seconds(settings.queryTimeout().plus(SOCKET_GRACE)));
        }
        Properties tls = tlsProperties(settings.tls());
        tls.forEach((name, value) -> {
            try {
                source.setProperty((String) name, (String) value);
            } catch (SQLException e) {
                throw new IllegalArgumentException("invalid TLS setting " + name, e);
            }
        });
        return source;
    }

    private static Properties tlsProperties(PostgresSettings.Tls tls) {
        Properties properties = new Properties();
        if (!tls.enabled()) {
            properties.setProperty("sslmode", "disable");
            return properties;
        }
        switch (tls.verify()) {
            case FULL -> properties.setProperty("sslmode", "verify-full");
            case CA -> properties.setProperty("sslmode", "verify-ca");
            case NONE -> {
                properties.setProperty("sslmode", "require");
                properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
            }
        }
        if (tls.verify() != PostgresSettings.Verify.NONE) {
            if (tls.caFile().isPresent()) {
                properties.setProperty("sslrootcert", tls.caFile().get().toString());
            } else {
                properties.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            }
        }
        return properties;
    }

    /** Whole seconds, rounded up: what pgjdbc's timeouts take. */
    private static int seconds(Duration duration) {
        return (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(duration.toMillis() + 999));
    }

    /** JDBC work on one connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Told how long each {@link #call} took; e.g. a Micrometer timer per operation. Thread-safe. */
    @FunctionalInterface
    public interface QueryTimer {

        QueryTimer NONE = (operation, succeeded, nanos) -> {};

        void record(String operation, boolean succeeded, long nanos);
    }

    /**
     * @param available false while the circuit is open
     * @param since when it last changed
     * @param lastError the last failure to reach the database, if any (never a password)
     */
    public record Status(boolean available, Instant since, Optional<String> lastError) {}

    /**
     * @param active connections lent out
     * @param idle connections in the pool, ready
     * @param total active plus idle
     * @param max the pool's size
     * @param waiting requests waiting for a connection
     */
    public record PoolUsage(int active, int idle, int total, int max, int waiting) {}

    /** Every connection busy for the whole connect timeout: overload, which the breaker ignores. */
    private static final class Busy extends Exception {

        private static final long serialVersionUID = 1L;

        Busy(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** A failure to reach the database, as the breaker sees it. */
    private static final class Unavailable extends Exception {

        private static final long serialVersionUID = 1L;

        Unavailable(String message, SQLException cause) {
            super(message, cause, false, false);
        }
    }
}
