package dev.portkit.adapters.postgres.content;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.PostgresSettings;
import dev.portkit.adapters.postgres.TestDatabases;
import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import dev.portkit.testsupport.PostgresServerExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * (1) A delivery that waits on another process's delivery for longer than the query timeout is "busy": the
 * database answers, so the wait must neither be reported as the database being unavailable nor open the
 * database's circuit (which would answer 503 to every request of the waiting instance). (2) A follower of a
 * consumer's acknowledged position, with the consumer behind the purge (e.g. Redis down for over an hour), is
 * told it missed changes once, not at every read: else it drops every copy at every relay round.
 */
class PostgresContentChangesDeliveryIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    @Test
    void waitingOnAnotherDeliveryIsBusyNotAnOutage() throws Exception {
        PostgresSettings settings =
                TestDatabases.settings(postgres).withLimits(10, Duration.ofSeconds(2), Duration.ofMillis(300));
        try (PostgresDatabase database = PostgresDatabase.open(settings)) {
            PostgresContentChanges changes = new PostgresContentChanges(database);
            new PostgresContentRepository(database, Clock.systemUTC())
                    .create(new ContentType("event"), ContentData.empty());
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<?> holder = CompletableFuture.runAsync(() -> changes.deliver("busy-test", 10, batch -> {
                holding.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(holding.await(30, TimeUnit.SECONDS));
            try {
                List<String> messages = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    messages.add(assertThrows(
                                    SourceOfTruthUnavailableException.class,
                                    () -> changes.deliver("busy-test", 10, batch -> {}))
                            .getMessage());
                }
                assertFalse(database.isUnavailable(), "a busy consumer opened the database's circuit: " + messages);
                assertTrue(
                        messages.stream().allMatch(m -> m.contains("another process has been delivering")),
                        messages.toString());
            } finally {
                release.countDown();
                holder.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aFollowerOfALaggingConsumerIsNotToldAtEveryReadThatItMissedChanges() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.open(TestDatabases.settings(postgres))) {
            PostgresContentChanges changes = new PostgresContentChanges(database);
            new PostgresContentRepository(database, Clock.systemUTC())
                    .create(new ContentType("event"), ContentData.empty());
            try (Connection connection = postgres.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("UPDATE content_change SET changed_at = changed_at - interval '2 hours'");
            }
            assertTrue(changes.purge(Instant.now().minus(Duration.ofHours(1)), 100) > 0);

            long position = changes.acknowledged("lagging");
            ChangeBatch first = changes.readAcknowledged("lagging", position, 100);
            ChangeBatch second = changes.readAcknowledged("lagging", first.end(), 100);

            assertFalse(second.missed(), "and again at every read after: end " + first.end());
        }
    }
}
