package dev.portkit.domain.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.content.ContentChange.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ContentChanges} adapter must have, with the {@link ContentRepository} whose
 * commits it records. An adapter's test extends this class and returns both over one fresh store from
 * {@link #createStore()}.
 *
 * <p>Besides examples, two randomized concurrent checkers: writers commit changes while a reader follows
 * the feed (it must see every committed change once, each item's in commit order, and no position going
 * back), and while several threads deliver to one consumer (each change handled once, never two handlers at
 * once, a failed handling delivered again). Seeded from {@code -Dportkit.feed.checker.seed}, else at random;
 * a failure names the seed.
 */
public abstract class ContentChangesContract {

    private static final ContentType EVENT = new ContentType("event");
    private static final ContentType VENUE = new ContentType("venue");
    private static final String CONSUMER = "contract-consumer";
    private static final Duration CHECK_FOR = Duration.ofSeconds(3);
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(20);

    /** A repository and the feed of its commits, over one store. */
    protected record Store(ContentRepository repository, ContentChanges changes) {

        public Store {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(changes, "changes");
        }
    }

    private ContentRepository repository;
    private ContentChanges changes;
    private final long seed = Long.getLong("portkit.feed.checker.seed", new Random().nextLong());

    /** A new store: no items, and no consumer acknowledged anything. Earlier changes may remain in the feed. */
    protected abstract Store createStore();

    @BeforeEach
    void createEmptyStore() {
        Store store = createStore();
        repository = store.repository();
        changes = store.changes();
    }

    private static ContentData data(String json) {
        return new ContentData(json);
    }

    @Test
    void everyCommittedWriteIsInTheFeedInOrder() {
        long start = changes.end();
        ContentItem a = repository.create(EVENT, data("{\"n\":1}"));
        repository.update(EVENT, a.id(), data("{\"n\":2}"), OptionalLong.of(1));
        ContentItem b = repository.create(VENUE, ContentData.empty());
        repository.delete(EVENT, a.id(), OptionalLong.empty());

        ChangeBatch batch = changes.read(start, 100);

        assertEquals(
                List.of(
                        change(EVENT, a.id(), Kind.CREATED),
                        change(EVENT, a.id(), Kind.UPDATED),
                        change(VENUE, b.id(), Kind.CREATED),
                        change(EVENT, a.id(), Kind.DELETED)),
                withoutPositions(batch.changes()));
        assertIncreasing(batch.changes());
        assertFalse(batch.missed());
        assertFalse(batch.more());
        assertTrue(batch.end() >= batch.changes().get(3).position(), "end is at or after the last change");
        assertTrue(changes.read(batch.end(), 100).changes().isEmpty(), "nothing after the end");
    }

    @Test
    void aRefusedWriteIsNoChange() {
        long start = changes.end();
        ContentItem item = repository.create(EVENT, ContentData.empty());
        ContentId missing = new ContentId("missing");

        assertThrows(
                VersionConflictException.class,
                () -> repository.update(EVENT, item.id(), ContentData.empty(), OptionalLong.of(7)));
        assertThrows(VersionConflictException.class, () -> repository.delete(EVENT, item.id(), OptionalLong.of(7)));
        assertThrows(
                ContentNotFoundException.class,
                () -> repository.update(EVENT, missing, ContentData.empty(), OptionalLong.empty()));
        assertThrows(ContentNotFoundException.class, () -> repository.delete(EVENT, missing, OptionalLong.empty()));

        List<ContentChange> read = changes.read(start, 100).changes();
        assertEquals(List.of(change(EVENT, item.id(), Kind.CREATED)), withoutPositions(read));
    }

    @Test
    void readingInSmallBatchesLosesNothing() {
        long start = changes.end();
        List<ContentChange> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            written.add(
                    change(EVENT, repository.create(EVENT, ContentData.empty()).id(), Kind.CREATED));
        }

        List<ContentChange> read = new ArrayList<>();
        long position = start;
        ChangeBatch batch;
        int reads = 0;
        do {
            batch = changes.read(position, 3);
            assertTrue(batch.changes().size() <= 3, "one change per transaction here: the limit holds");
            read.addAll(batch.changes());
            position = batch.end();
            reads++;
        } while (batch.more() && reads < 100);

        assertEquals(written, withoutPositions(read));
        assertFalse(batch.more());
        assertThrows(IllegalArgumentException.class, () -> changes.read(0, 0));
    }

    @Test
    void deliverAcknowledgesWhatItsHandlerReturnedFrom() {
        long start = changes.acknowledged(CONSUMER);
        assertTrue(start <= changes.end());
        deliverEverything(); // whatever earlier tests left
        ContentItem item = repository.create(EVENT, ContentData.empty());
        List<ChangeBatch> handled = new ArrayList<>();

        ChangeBatch delivered = changes.deliver(CONSUMER, 100, handled::add);

        assertEquals(List.of(delivered), handled);
        assertEquals(List.of(change(EVENT, item.id(), Kind.CREATED)), withoutPositions(delivered.changes()));
        assertEquals(delivered.end(), changes.acknowledged(CONSUMER));
        ChangeBatch nothing = changes.deliver(CONSUMER, 100, handled::add);
        assertTrue(nothing.isEmpty());
        assertEquals(1, handled.size(), "nothing to deliver calls no handler");
        assertEquals(
                List.of(change(EVENT, item.id(), Kind.CREATED)),
                withoutPositions(changes.readAcknowledged(CONSUMER, start, 100).changes().stream()
                        .filter(c -> c.id().equals(item.id()))
                        .toList()));
    }

    @Test
    void aHandlerThatThrowsAcknowledgesNothingAndIsDeliveredAgain() {
        deliverEverything();
        long acknowledged = changes.acknowledged(CONSUMER);
        ContentItem item = repository.create(VENUE, ContentData.empty());

        IllegalStateException failure = assertThrows(
                IllegalStateException.class,
                () -> changes.deliver(CONSUMER, 100, batch -> {
                    throw new IllegalStateException("the cache is down");
                }));

        assertEquals("the cache is down", failure.getMessage());
        assertEquals(acknowledged, changes.acknowledged(CONSUMER));
        List<ContentChange> again = new ArrayList<>();
        changes.deliver(CONSUMER, 100, batch -> again.addAll(batch.changes()));
        assertEquals(List.of(change(VENUE, item.id(), Kind.CREATED)), withoutPositions(again));
    }

    @Test
    void readAcknowledgedStopsAtTheConsumersPosition() {
        deliverEverything();
        long acknowledged = changes.acknowledged(CONSUMER);
        ContentItem delivered = repository.create(EVENT, ContentData.empty());
        changes.deliver(CONSUMER, 100, batch -> {});
        ContentItem notYet = repository.create(EVENT, ContentData.empty());

        ChangeBatch batch = changes.readAcknowledged(CONSUMER, acknowledged, 100);

        assertEquals(List.of(change(EVENT, delivered.id(), Kind.CREATED)), withoutPositions(batch.changes()));
        assertEquals(changes.acknowledged(CONSUMER), batch.end());
        assertTrue(changes.read(batch.end(), 100).changes().stream().anyMatch(c -> c.id().equals(notYet.id())));
    }

    @Test
    void consumerNamesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> changes.acknowledged("Not valid"));
        assertThrows(IllegalArgumentException.class, () -> changes.deliver("", 1, batch -> {}));
        assertThrows(NullPointerException.class, () -> changes.acknowledged(null));
    }

    /**
     * Writers commit creates, updates and deletes of their own items while a reader follows the feed with
     * small reads: it must see each committed change exactly once, each item's in the order its writer
     * committed them, at positions that never go back; and nothing that was not committed.
     */
    @Test
    void aFollowerSeesEveryCommittedChangeOnceInOrder() throws Exception {
        int writers = 6;
        long start = changes.end();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<List<ContentChange>> committed = runWriters(writers, writing);
        CompletableFuture<List<ContentChange>> followed = CompletableFuture.supplyAsync(() -> {
            List<ContentChange> seen = new ArrayList<>();
            long position = start;
            while (writing.get()) {
                ChangeBatch batch = changes.read(position, 5);
                seen.addAll(batch.changes());
                position = batch.end();
                assertFalse(batch.missed(), "nothing is purged while the test runs");
            }
            return seen;
        });
        List<ContentChange> seen = new ArrayList<>(followed.get(DRAIN_WITHIN.toSeconds(), TimeUnit.SECONDS));
        List<ContentChange> all = committed.stream().flatMap(List::stream).toList(); // complete: writing is over
        long position = seen.isEmpty() ? start : seen.get(seen.size() - 1).position();
        long deadline = System.nanoTime() + DRAIN_WITHIN.toNanos();
        while (seen.size() < all.size() && System.nanoTime() < deadline) {
            ChangeBatch batch = changes.read(position, 50);
            seen.addAll(batch.changes());
            position = batch.end();
        }

        assertIncreasing(seen);
        assertSameChangesPerItem(committed, seen);
    }

    /**
     * Threads deliver to one consumer while writers commit; some handlers fail. Every committed change must
     * be handled successfully exactly once, and no two handlers may run at once.
     */
    @Test
    void deliveriesToAConsumerNeverOverlapAndHandleEachChangeOnce() throws Exception {
        deliverEverything();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<ContentChange> handled = Collections.synchronizedList(new ArrayList<>());
        List<List<ContentChange>> committed = runWriters(3, writing);
        List<CompletableFuture<Void>> deliverers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Random random = new Random(seed * 17 + t);
            deliverers.add(CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    deliverOnce(random, inside, overlaps, handled);
                }
            }));
        }
        for (CompletableFuture<Void> deliverer : deliverers) {
            deliverer.get(DRAIN_WITHIN.toSeconds(), TimeUnit.SECONDS);
        }
        List<ContentChange> all = committed.stream().flatMap(List::stream).toList();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + DRAIN_WITHIN.toNanos();
        while (handled.size() < all.size() && System.nanoTime() < deadline) {
            deliverOnce(random, inside, overlaps, handled);
        }

        assertEquals(0, overlaps.get(), "handlers ran at the same time (seed " + seed + ")");
        assertIncreasing(handled);
        assertSameChangesPerItem(committed, handled);
    }

    private void deliverOnce(Random random, AtomicInteger inside, AtomicInteger overlaps, List<ContentChange> handled) {
        boolean fail = random.nextInt(10) == 0;
        try {
            changes.deliver(CONSUMER, 1 + random.nextInt(8), batch -> {
                if (inside.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    if (fail) {
                        throw new IllegalStateException("a handler that fails");
                    }
                    handled.addAll(batch.changes());
                } finally {
                    inside.decrementAndGet();
                }
            });
        } catch (IllegalStateException expected) {
            // delivered again later
        }
    }

    /**
     * Starts writers, each committing changes of items of its own for {@link #CHECK_FOR}; clears {@code
     * writing} when they are done. Returns, per writer, the changes it committed (without positions) in
     * order, complete once {@code writing} is false.
     */
    private List<List<ContentChange>> runWriters(int writers, AtomicBoolean writing) {
        List<List<ContentChange>> committed = new ArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        long deadline = System.nanoTime() + CHECK_FOR.toNanos();
        for (int w = 0; w < writers; w++) {
            List<ContentChange> mine = Collections.synchronizedList(new ArrayList<>());
            committed.add(mine);
            Random random = new Random(seed * 31 + w);
            done.add(CompletableFuture.runAsync(
                    () -> write(random, mine, deadline), Executors.newThreads("feed-writer-" + w)));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).whenComplete((ok, failed) -> {
            writing.set(false);
            if (failed != null) {
                failed.printStackTrace();
            }
        });
        return committed;
    }

    private void write(Random random, List<ContentChange> mine, long deadline) {
        List<ContentItem> items = new ArrayList<>();
        for (int op = 0; op < 300 && System.nanoTime() < deadline; op++) {
            int choice = random.nextInt(10);
            ContentType type = random.nextBoolean() ? EVENT : VENUE;
            if (items.isEmpty() || choice < 3) {
                ContentItem created = repository.create(type, ContentData.empty());
                items.add(created);
                mine.add(change(type, created.id(), Kind.CREATED));
            } else if (choice < 8) {
                int index = random.nextInt(items.size());
                ContentItem current = items.get(index);
                OptionalLong expected =
                        random.nextBoolean() ? OptionalLong.of(current.version()) : OptionalLong.empty();
                items.set(index, repository.update(current.type(), current.id(), ContentData.empty(), expected));
                mine.add(change(current.type(), current.id(), Kind.UPDATED));
            } else {
                ContentItem gone = items.remove(random.nextInt(items.size()));
                repository.delete(gone.type(), gone.id(), OptionalLong.empty());
                mine.add(change(gone.type(), gone.id(), Kind.DELETED));
            }
        }
    }

    /** Each item's changes as its writer committed them (one writer per item), against what was read. */
    private void assertSameChangesPerItem(List<List<ContentChange>> committed, List<ContentChange> read) {
        Map<ContentId, List<Kind>> expected =
                kindsPerItem(committed.stream().flatMap(List::stream).toList());
        Map<ContentId, List<Kind>> actual = kindsPerItem(read);
        List<String> problems = new ArrayList<>();
        expected.forEach((id, kinds) -> {
            List<Kind> got = actual.getOrDefault(id, List.of());
            if (!got.equals(kinds)) {
                problems.add(id + ": committed " + kinds + ", read " + got);
            }
        });
        actual.keySet().stream()
                .filter(id -> !expected.containsKey(id))
                .forEach(id -> problems.add(id + ": read " + actual.get(id) + " but never committed"));
        assertTrue(
                problems.isEmpty(),
                () -> problems.size() + " items wrong (seed " + seed + ", rerun with -Dportkit.feed.checker.seed="
                        + seed + "), the first: " + problems.subList(0, Math.min(5, problems.size())));
        assertEquals(expected.values().stream().mapToInt(List::size).sum(), read.size());
    }

    private static Map<ContentId, List<Kind>> kindsPerItem(List<ContentChange> changes) {
        Map<ContentId, List<Kind>> kinds = new HashMap<>();
        changes.forEach(
                c -> kinds.computeIfAbsent(c.id(), id -> new ArrayList<>()).add(c.kind()));
        return kinds;
    }

    private void assertIncreasing(List<ContentChange> read) {
        for (int i = 1; i < read.size(); i++) {
            assertTrue(
                    read.get(i).position() >= read.get(i - 1).position(),
                    "positions go back at " + i + ": " + read.get(i - 1) + " then " + read.get(i) + " (seed " + seed
                            + ")");
        }
    }

    private void deliverEverything() {
        for (int i = 0;
                i < 1_000 && changes.deliver(CONSUMER, 1_000, batch -> {}).more();
                i++) {
            // until no full batch is left
        }
    }

    private static ContentChange change(ContentType type, ContentId id, Kind kind) {
        return new ContentChange(0, type, id, kind);
    }

    private static List<ContentChange> withoutPositions(List<ContentChange> changes) {
        return changes.stream().map(c -> change(c.type(), c.id(), c.kind())).toList();
    }

    /** Writer threads with names, so that a thread dump shows who waits. */
    private static final class Executors {

        private Executors() {}

        static java.util.concurrent.Executor newThreads(String name) {
            return runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                thread.start();
            };
        }
    }
}
