package dev.portkit.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portkit.adapters.postgres.content.PostgresContentRepository;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import dev.portkit.testsupport.PostgresServerExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The pool, the breaker and the health check against a PostgreSQL that stops, hangs and comes back. */
class PostgresDatabaseIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = PostgresServerExtension.dedicated();

    private static final ContentType EVENT = new ContentType("event");

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(PostgresDatabase.class);
    private PostgresDatabase database;

    @BeforeEach
    void open() {
        postgres.start();
        logged.start();
        logger.addAppender(logged);
        database = PostgresDatabase.open(
                TestDatabases.settings(postgres).withLimits(4, Duration.ofMillis(500), Duration.ofMillis(500)));
    }

    @AfterEach
    void close() {
        logger.detachAppender(logged);
        database.close();
        postgres.start();
    }

    @Test
    void aStoppedDatabaseIsUnavailableFailsFastAndRecoversByItselfWithOneLogLineEachWay() throws Exception {
        ContentRepository repository = new PostgresContentRepository(database, Clock.systemUTC());
        ContentId id = repository.create(EVENT, ContentData.empty()).id();

        postgres.stop();
        for (int i = 0; i < 20; i++) {
            assertThrows(SourceOfTruthUnavailableException.class, () -> repository.find(EVENT, id));
        }
        assertTrue(database.isUnavailable(), "the circuit opened");
        assertFalse(database.status().available());
        assertEquals(1, lines(Level.WARN, "PostgreSQL is unavailable"), "one line when it goes down");
        SourceOfTruthUnavailableException fast =
                assertThrows(SourceOfTruthUnavailableException.class, () -> repository.find(EVENT, id));
        assertTrue(fast.getMessage().contains("waiting to probe"), "fails without waiting on the pool");

        postgres.start();

        assertTrue(eventually(() -> {
            try {
                return repository.find(EVENT, id).isPresent();
            } catch (SourceOfTruthUnavailableException stillDown) {
                return false;
            }
        }));
        assertFalse(database.isUnavailable());
        assertEquals(1, lines(Level.INFO, "PostgreSQL is available again"), "one line when it is back");
        assertEquals(1, lines(Level.WARN, "PostgreSQL is unavailable"));
    }

    @Test
    void aStatementStuckLongerThanTheQueryTimeoutIsUnavailableNotAHang() throws Exception {
        ContentRepository repository = new PostgresContentRepository(database, Clock.systemUTC());
        ContentId id = repository.create(EVENT, ContentData.empty()).id();

        try (Connection blocker = postgres.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE content_item IN ACCESS EXCLUSIVE MODE");

            SourceOfTruthUnavailableException e =
                    assertThrows(SourceOfTruthUnavailableException.class, () -> repository.find(EVENT, id));

            assertTrue(
                    e.getCause().getMessage().contains("statement timeout"),
                    e.getCause().getMessage());
            blocker.rollback();
        }
        assertTrue(repository.find(EVENT, id).isPresent(), "fine once the lock is gone");
    }

    @Test
    void aPoolWithEveryConnectionBusyIsOverloadNotAnOutage() throws Exception {
        CountDownLatch holding = new CountDownLatch(database.settings().poolSize());
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holders =
                Executors.newFixedThreadPool(database.settings().poolSize());
        try {
            for (int i = 0; i < database.settings().poolSize(); i++) {
                holders.submit(() -> database.call("hold", connection -> {
                    holding.countDown();
                    try {
                        return release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }));
            }
            assertTrue(holding.await(30, TimeUnit.SECONDS));

            for (int i = 0; i < 6; i++) {
                SourceOfTruthUnavailableException busy = assertThrows(
                        SourceOfTruthUnavailableException.class, () -> database.call("wait", connection -> 1));
                assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
            }

            assertFalse(database.isUnavailable(), "the database answers: overload opens no circuit");
            assertEquals(0, lines(Level.WARN, "PostgreSQL is unavailable"));
        } finally {
            release.countDown();
            holders.shutdown();
            assertTrue(holders.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(Integer.valueOf(1), database.call("after", connection -> 1));
    }

    @Test
    void aStatementsOwnErrorIsNotUnavailability() {
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertThrows(
                    IllegalStateException.class,
                    () -> database.call("broken", connection -> {
                        calls.incrementAndGet();
                        try (Statement statement = connection.createStatement()) {
                            return statement.execute("SELECT * FROM no_such_table");
                        }
                    }));
        }
        assertEquals(5, calls.get());
        assertFalse(database.isUnavailable(), "a bad statement says nothing about the database");
    }

    @Test
    void theHealthCheckReportsVersionLatencyAndPoolThenDownWithTheError() {
        PostgresHealthIndicator indicator = new PostgresHealthIndicator(database, false);

        Health up = indicator.check();
        assertEquals("database", indicator.name());
        assertEquals(HealthStatus.UP, up.status());
        assertTrue(
                up.details().get("version").toString().startsWith("18"),
                up.details().toString());
        assertTrue(up.details().containsKey("latencyMs"));
        assertEquals(4, ((Map<?, ?>) up.details().get("pool")).get("max"));

        postgres.stop();
        Health down = indicator.check();
        for (int i = 0; i < 3 && !database.isUnavailable(); i++) {
            down = indicator.check();
        }

        assertEquals(HealthStatus.DOWN, down.status());
        assertTrue(down.details().containsKey("lastError"), down.details().toString());
        assertTrue(down.details().containsKey("since"), down.details().toString());
        assertFalse(
                down.details().toString().contains("password"), down.details().toString());
    }

    private int lines(Level level, String text) {
        List<ILoggingEvent> events = List.copyOf(logged.list);
        return (int) events.stream()
                .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text))
                .count();
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }
}
