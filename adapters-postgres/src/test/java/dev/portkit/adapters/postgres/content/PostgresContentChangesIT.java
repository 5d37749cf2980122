package dev.portkit.adapters.postgres.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.TestDatabases;
import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentChange;
import dev.portkit.domain.content.ContentChangesContract;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentType;
import dev.portkit.testsupport.PostgresServerExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresContentChangesIT extends ContentChangesContract {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private static final ContentType EVENT = new ContentType("event");

    private static PostgresDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabases.open(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    protected Store createStore() {
        TestDatabases.truncate(postgres, "content_item", "content_change");
        execute("DELETE FROM content_change_cursor WHERE consumer <> '(purged)'");
        execute("UPDATE content_change_cursor SET position = 0");
        return new Store(
                new PostgresContentRepository(database, Clock.systemUTC()), new PostgresContentChanges(database));
    }

    /**
     * A transaction takes its position, then commits only after a later one has committed and been read: a
     * reader must still get it. With a sequence for positions the reader would have read past it for good.
     */
    @Test
    void aTransactionThatCommitsLateIsReadAfterWhatWasReadBefore() throws SQLException {
        Store store = createStore();
        long start = store.changes().end();
        List<ContentChange> read = new ArrayList<>();
        ContentItem early;
        try (Connection slow = postgres.connect()) {
            slow.setAutoCommit(false);
            try (Statement statement = slow.createStatement()) {
                statement.execute("INSERT INTO content_change (type, id, kind) VALUES ('event', 'slow', 'updated')");
            }
            early = store.repository().create(EVENT, ContentData.empty()); // commits first, at a later position

            ChangeBatch whileOpen = store.changes().read(start, 100);
            read.addAll(whileOpen.changes());
            slow.commit();
            read.addAll(store.changes().read(whileOpen.end(), 100).changes());
        }

        assertEquals(
                List.of("slow", early.id().value()),
                read.stream().map(c -> c.id().value()).toList(),
                "the late commit is read, then the early one, whose position is higher");
    }

    /**
     * A checker with slow transactions: writers hold each transaction open for a random while after taking
     * its position, while a reader follows the feed. Every committed change must be read exactly once, and
     * none that was rolled back.
     */
    @Test
    void aFollowerMissesNoChangeOfSlowConcurrentTransactions() throws Exception {
        Store store = createStore();
        long seed = Long.getLong("portkit.feed.checker.seed", new Random().nextLong());
        long start = store.changes().end();
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<String> committed = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Random random = new Random(seed + w);
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> slowWrites(random, writer, committed)));
        }
        CompletableFuture<Void> allWritten = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
        allWritten.whenComplete((ok, failure) -> writing.set(false));
        List<String> read = new ArrayList<>();
        long position = start;
        while (writing.get()) {
            ChangeBatch batch = store.changes().read(position, 3);
            batch.changes().forEach(change -> read.add(change.id().value()));
            position = batch.end();
        }
        allWritten.get(1, TimeUnit.MINUTES);
        for (int i = 0; i < 100 && read.size() < committed.size(); i++) {
            ChangeBatch batch = store.changes().read(position, 1_000);
            batch.changes().forEach(change -> read.add(change.id().value()));
            position = batch.end();
        }

        assertEquals(read.size(), Set.copyOf(read).size(), "a change read twice (seed " + seed + ")");
        assertEquals(committed, Set.copyOf(read), "seed " + seed);
        assertTrue(committed.size() > 50, "the writers committed " + committed.size());
    }

    private static void slowWrites(Random random, int writer, Set<String> committed) {
        try (Connection connection = postgres.connect()) {
            connection.setAutoCommit(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (int i = 0; System.nanoTime() < deadline; i++) {
                String id = "w" + writer + "-" + i;
                try (Statement statement = connection.createStatement()) {
                    statement.execute(
                            "INSERT INTO content_change (type, id, kind) VALUES ('event', '" + id + "', 'updated')");
                    statement.execute("SELECT pg_sleep(" + random.nextInt(20) / 1000.0 + ")");
                }
                if (random.nextInt(10) == 0) {
                    connection.rollback();
                } else {
                    connection.commit();
                    committed.add(id);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePurgeDeletesOldChangesAndAReaderBehindItIsToldItMissedSome() throws SQLException {
        Store store = createStore();
        PostgresContentChanges changes = (PostgresContentChanges) store.changes();
        long start = changes.end();
        for (int i = 0; i < 5; i++) {
            store.repository().create(EVENT, ContentData.empty());
        }
        execute("UPDATE content_change SET changed_at = changed_at - interval '2 hours'");
        ContentItem recent = store.repository().create(EVENT, ContentData.empty());

        int first = changes.purge(Instant.now().minusSeconds(3600), 3);
        int second = changes.purge(Instant.now().minusSeconds(3600), 3);
        int third = changes.purge(Instant.now().minusSeconds(3600), 3);

        assertEquals(List.of(3, 2, 0), List.of(first, second, third));
        ChangeBatch behind = changes.read(start, 100);
        assertTrue(behind.missed());
        assertEquals(
                List.of(recent.id()),
                behind.changes().stream().map(ContentChange::id).toList());
        ChangeBatch caughtUp = changes.read(behind.end(), 100);
        assertFalse(caughtUp.missed());
        assertTrue(caughtUp.changes().isEmpty());
        assertEquals(new ContentId(recent.id().value()), behind.changes().get(0).id());
    }

    private static void execute(String sql) {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
