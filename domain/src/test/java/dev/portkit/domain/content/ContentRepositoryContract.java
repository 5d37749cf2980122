package dev.portkit.domain.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ContentRepository} adapter must have. An adapter's test extends this
 * class and returns a fresh, empty repository from {@link #createRepository()}.
 */
public abstract class ContentRepositoryContract {

    private static final ContentType EVENT = new ContentType("event");
    private static final ContentType VENUE = new ContentType("venue");

    private ContentRepository repository;

    /** A new repository with no items. */
    protected abstract ContentRepository createRepository();

    @BeforeEach
    void createEmptyRepository() {
        repository = createRepository();
    }

    private static ContentData data(String json) {
        return new ContentData(json);
    }

    @Test
    void createdItemIsFoundAtVersionOne() {
        ContentItem created = repository.create(EVENT, data("{\"title\":\"Opening\"}"));

        assertEquals(EVENT, created.type());
        assertEquals(1, created.version());
        assertEquals(data("{\"title\":\"Opening\"}"), created.data());
        assertEquals(Optional.of(created), repository.find(EVENT, created.id()));
    }

    @Test
    void createGeneratesDistinctIds() {
        Set<ContentId> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(repository.create(EVENT, ContentData.empty()).id());
        }
        assertEquals(200, ids.size());
    }

    @Test
    void absentItemIsEmpty() {
        assertEquals(Optional.empty(), repository.find(EVENT, new ContentId("missing")));
    }

    @Test
    void typesAreSeparate() {
        ContentItem event = repository.create(EVENT, ContentData.empty());

        assertEquals(Optional.empty(), repository.find(VENUE, event.id()));
        assertEquals(List.of(), repository.list(VENUE, Optional.empty(), 10).items());
        assertThrows(
                ContentNotFoundException.class,
                () -> repository.update(VENUE, event.id(), ContentData.empty(), OptionalLong.empty()));
    }

    @Test
    void updateStoresTheNextVersion() {
        ContentItem created = repository.create(EVENT, data("{\"n\":1}"));

        ContentItem updated = repository.update(EVENT, created.id(), data("{\"n\":2}"), OptionalLong.empty());

        assertEquals(created.id(), updated.id());
        assertEquals(2, updated.version());
        assertEquals(data("{\"n\":2}"), updated.data());
        assertFalse(updated.updatedAt().isBefore(created.updatedAt()));
        assertEquals(Optional.of(updated), repository.find(EVENT, created.id()));
    }

    @Test
    void updateWithTheCurrentVersionSucceeds() {
        ContentItem created = repository.create(EVENT, ContentData.empty());

        ContentItem updated = repository.update(EVENT, created.id(), data("{\"n\":2}"), OptionalLong.of(1));

        assertEquals(2, updated.version());
    }

    @Test
    void updateWithAStaleVersionChangesNothing() {
        ContentItem created = repository.create(EVENT, data("{\"n\":1}"));
        ContentItem current = repository.update(EVENT, created.id(), data("{\"n\":2}"), OptionalLong.empty());

        VersionConflictException e = assertThrows(
                VersionConflictException.class,
                () -> repository.update(EVENT, created.id(), data("{\"n\":3}"), OptionalLong.of(1)));

        assertEquals(1, e.expectedVersion());
        assertEquals(current, e.current());
        assertEquals(Optional.of(current), repository.find(EVENT, created.id()));
    }

    @Test
    void updateOfAnAbsentItemIsNotFound() {
        ContentNotFoundException e = assertThrows(
                ContentNotFoundException.class,
                () -> repository.update(EVENT, new ContentId("missing"), ContentData.empty(), OptionalLong.empty()));

        assertEquals(EVENT, e.type());
        assertEquals("missing", e.id());
    }

    @Test
    void deleteRemovesTheItem() {
        ContentItem created = repository.create(EVENT, ContentData.empty());

        repository.delete(EVENT, created.id(), OptionalLong.empty());

        assertEquals(Optional.empty(), repository.find(EVENT, created.id()));
        assertEquals(List.of(), repository.list(EVENT, Optional.empty(), 10).items());
        assertThrows(
                ContentNotFoundException.class, () -> repository.delete(EVENT, created.id(), OptionalLong.empty()));
    }

    @Test
    void deleteWithAStaleVersionKeepsTheItem() {
        ContentItem created = repository.create(EVENT, ContentData.empty());
        ContentItem current = repository.update(EVENT, created.id(), ContentData.empty(), OptionalLong.empty());

        assertThrows(VersionConflictException.class, () -> repository.delete(EVENT, created.id(), OptionalLong.of(1)));
        assertEquals(Optional.of(current), repository.find(EVENT, created.id()));

        repository.delete(EVENT, created.id(), OptionalLong.of(2));
        assertEquals(Optional.empty(), repository.find(EVENT, created.id()));
    }

    @Test
    void emptyTypeListsAnEmptyLastPage() {
        ContentPage page = repository.list(EVENT, Optional.empty(), 20);

        assertEquals(List.of(), page.items());
        assertFalse(page.hasMore());
        assertEquals(Optional.empty(), page.next());
    }

    @Test
    void pagesVisitEveryItemOnceInIdOrder() {
        Set<ContentId> created = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            created.add(repository.create(EVENT, data("{\"i\":" + i + "}")).id());
        }
        repository.create(VENUE, ContentData.empty());

        List<ContentId> visited = new ArrayList<>();
        Optional<ContentId> after = Optional.empty();
        int pages = 0;
        do {
            ContentPage page = repository.list(EVENT, after, 10);
            assertTrue(page.items().size() <= 10);
            page.items().forEach(item -> visited.add(item.id()));
            after = page.next();
            pages++;
        } while (after.isPresent());

        assertEquals(3, pages);
        assertEquals(created, new HashSet<>(visited));
        assertEquals(25, visited.size());
        List<ContentId> sorted = new ArrayList<>(visited);
        sorted.sort(null);
        assertEquals(sorted, visited);
    }

    @Test
    void fullLastPageHasNoMore() {
        for (int i = 0; i < 4; i++) {
            repository.create(EVENT, ContentData.empty());
        }

        ContentPage first = repository.list(EVENT, Optional.empty(), 2);
        ContentPage second = repository.list(EVENT, first.next(), 2);

        assertTrue(first.hasMore());
        assertEquals(2, second.items().size());
        assertFalse(second.hasMore());
    }

    @Test
    void pagingContinuesAfterAnIdThatWasDeleted() {
        List<ContentItem> items = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            items.add(repository.create(EVENT, ContentData.empty()));
        }
        items.sort((a, b) -> a.id().compareTo(b.id()));
        ContentPage first = repository.list(EVENT, Optional.empty(), 2);

        repository.delete(EVENT, first.next().orElseThrow(), OptionalLong.empty());
        ContentPage second = repository.list(EVENT, first.next(), 2);

        assertEquals(items.subList(2, 4), second.items());
    }

    @Test
    void listRejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> repository.list(EVENT, Optional.empty(), 0));
    }

    @Test
    void concurrentConditionalUpdatesLetExactlyOneWinPerVersion() throws Exception {
        ContentItem created = repository.create(EVENT, ContentData.empty());
        int threads = 8;
        int rounds = 50;
        AtomicInteger wins = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        long seen = repository
                                .find(EVENT, created.id())
                                .orElseThrow()
                                .version();
                        try {
                            repository.update(EVENT, created.id(), ContentData.empty(), OptionalLong.of(seen));
                            wins.incrementAndGet();
                        } catch (VersionConflictException lost) {
                            // another thread stored this version first
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        long finalVersion = repository.find(EVENT, created.id()).orElseThrow().version();
        assertEquals(1 + wins.get(), finalVersion, "every successful update stored exactly one version");
        assertTrue(wins.get() >= rounds, "a conditional update only fails because another one won");
    }

    @Test
    void concurrentCreatesGetDistinctIds() throws Exception {
        Set<ContentId> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        ids.add(repository.create(EVENT, ContentData.empty()).id());
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1000, ids.size());
        assertEquals(
                1000, repository.list(EVENT, Optional.empty(), 2000).items().size());
    }
}
