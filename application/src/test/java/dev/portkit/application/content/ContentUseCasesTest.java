package dev.portkit.application.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.inmemory.content.InMemoryContentRepository;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentPage;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.content.VersionConflictException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The content use cases on the in-memory adapters: the repository and Caffeine. */
class ContentUseCasesTest {

    private static final ContentTypes TYPES = types();

    private final CountingRepository repository =
            new CountingRepository(new InMemoryContentRepository(Clock.systemUTC()));
    private final Cache cache = new CaffeineCache(CaffeineCacheSettings.ofEntries(10_000));
    private final GetContent get = new GetContent(TYPES, repository, cache);
    private final ListContent list = new ListContent(TYPES, repository, cache);
    private final CreateContent create = new CreateContent(TYPES, repository, cache);
    private final UpdateContent update = new UpdateContent(TYPES, repository, cache);
    private final DeleteContent delete = new DeleteContent(TYPES, repository, cache);

    private static ContentTypes types() {
        Map<ContentType, Duration> ttls = new LinkedHashMap<>();
        ttls.put(new ContentType("event"), Duration.ofMinutes(5));
        ttls.put(new ContentType("venue"), Duration.ofMinutes(15));
        return new ContentTypes(ttls, Duration.ofSeconds(30));
    }

    private static ContentData data(String json) {
        return new ContentData(json);
    }

    private ContentItem createEvent(String json) {
        return create.create(new CreateContent.Command("event", data(json)));
    }

    private ContentItem updateEvent(ContentItem item, String json) {
        return update.update(new UpdateContent.Command(
                "event", item.id().value(), data(json), OptionalLong.empty(), Optional.empty()));
    }

    private Cached<ContentItem> getEvent(ContentItem item) {
        return get.get("event", item.id().value());
    }

    @Test
    void secondReadIsServedByTheCache() {
        ContentItem created = createEvent("{\"title\":\"Opening\"}");

        Cached<ContentItem> first = getEvent(created);
        Cached<ContentItem> second = getEvent(created);

        assertEquals(new Cached<>(created, false), first);
        assertEquals(new Cached<>(created, true), second);
        assertEquals(1, repository.finds.get());
    }

    @Test
    void readAfterUpdateReturnsTheNewVersion() {
        ContentItem created = createEvent("{\"n\":1}");
        getEvent(created);

        ContentItem updated = updateEvent(created, "{\"n\":2}");
        Cached<ContentItem> read = getEvent(created);

        assertEquals(2, updated.version());
        assertEquals(new Cached<>(updated, false), read);
    }

    @Test
    void readAfterDeleteIsNotFound() {
        ContentItem created = createEvent("{}");
        getEvent(created);

        delete.delete(new DeleteContent.Command("event", created.id().value(), Optional.empty()));

        assertThrows(ContentNotFoundException.class, () -> getEvent(created));
    }

    @Test
    void absentIdsAreCachedBriefly() {
        String missing = "0194a8e2-7c1d-7000-8000-000000000001";

        assertThrows(ContentNotFoundException.class, () -> get.get("event", missing));
        assertThrows(ContentNotFoundException.class, () -> get.get("event", missing));

        assertEquals(1, repository.finds.get(), "the second miss came from the cache");
        assertEquals(
                Duration.ofSeconds(30),
                TYPES.itemNamespace(new ContentType("event")).negativeTtl());
    }

    @Test
    void malformedIdsAreNotFoundWithoutAskingTheRepository() {
        ContentNotFoundException e =
                assertThrows(ContentNotFoundException.class, () -> get.get("event", "../../etc/passwd"));

        assertEquals("../../etc/passwd", e.id());
        assertEquals(0, repository.finds.get());
    }

    @Test
    void unknownTypesAreRejectedByEveryUseCase() {
        assertThrows(UnknownContentTypeException.class, () -> get.get("users", "a1"));
        assertThrows(
                UnknownContentTypeException.class,
                () -> list.list(new ListContent.Query("users", Optional.empty(), 10)));
        assertThrows(
                UnknownContentTypeException.class,
                () -> create.create(new CreateContent.Command("users", ContentData.empty())));
        assertThrows(
                UnknownContentTypeException.class,
                () -> update.update(new UpdateContent.Command(
                        "users", "a1", ContentData.empty(), OptionalLong.empty(), Optional.empty())));
        assertThrows(
                UnknownContentTypeException.class,
                () -> delete.delete(new DeleteContent.Command("users", "a1", Optional.empty())));
        assertEquals(0, repository.writes.get());
    }

    @Test
    void listPagesAreCachedUntilAWriteToTheirType() {
        ContentItem first = createEvent("{\"n\":1}");
        ListContent.Query query = new ListContent.Query("event", Optional.empty(), 10);

        assertFalse(list.list(query).hit());
        assertTrue(list.list(query).hit());

        ContentItem second = createEvent("{\"n\":2}");
        Cached<ListContent.Page> afterCreate = list.list(query);
        assertFalse(afterCreate.hit());
        assertEquals(List.of(first, second), afterCreate.value().items());

        ContentItem updated = updateEvent(first, "{\"n\":3}");
        assertEquals(List.of(updated, second), list.list(query).value().items());

        delete.delete(new DeleteContent.Command("event", second.id().value(), Optional.empty()));
        assertEquals(List.of(updated), list.list(query).value().items());
    }

    @Test
    void aWriteToOneTypeKeepsTheOtherTypesPages() {
        create.create(new CreateContent.Command("venue", ContentData.empty()));
        ListContent.Query venues = new ListContent.Query("venue", Optional.empty(), 10);
        list.list(venues);

        createEvent("{}");

        assertTrue(list.list(venues).hit());
    }

    @Test
    void cursorsWalkEveryPage() {
        List<ContentItem> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createEvent("{\"i\":" + i + "}"));
        }

        List<ContentItem> visited = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            ListContent.Page page =
                    list.list(new ListContent.Query("event", cursor, 2)).value();
            visited.addAll(page.items());
            cursor = page.next();
        } while (cursor.isPresent());

        assertEquals(created, visited);
    }

    @Test
    void aForeignCursorIsRejected() {
        assertThrows(
                InvalidCursorException.class,
                () -> list.list(new ListContent.Query("event", Optional.of("not-a-cursor!"), 10)));
    }

    @Test
    void queriesRejectLimitsOutsideOneToOneHundred() {
        assertThrows(IllegalArgumentException.class, () -> new ListContent.Query("event", Optional.empty(), 0));
        assertThrows(IllegalArgumentException.class, () -> new ListContent.Query("event", Optional.empty(), 101));
    }

    @Test
    void updateWithAStaleVersionIsAConflictAndKeepsTheCache() {
        ContentItem created = createEvent("{\"n\":1}");
        ContentItem current = updateEvent(created, "{\"n\":2}");
        getEvent(created);

        VersionConflictException e = assertThrows(
                VersionConflictException.class,
                () -> update.update(new UpdateContent.Command(
                        "event", created.id().value(), data("{\"n\":3}"), OptionalLong.of(1), Optional.empty())));

        assertEquals(current, e.current());
        assertEquals(new Cached<>(current, true), getEvent(created), "a refused write evicts nothing");
    }

    @Test
    void ifMatchWithTheCurrentTagUpdates() {
        ContentItem created = createEvent("{\"n\":1}");

        ContentItem updated = update.update(new UpdateContent.Command(
                "event",
                created.id().value(),
                data("{\"n\":2}"),
                OptionalLong.empty(),
                Optional.of(Set.of(new ContentTag("other"), ContentTag.of(created)))));

        assertEquals(2, updated.version());
    }

    @Test
    void ifMatchWithAStaleTagFailsEvenWhenTheCacheIsBehind() {
        ContentItem created = createEvent("{\"n\":1}");
        ContentItem current = updateEvent(created, "{\"n\":2}");

        PreconditionFailedException e = assertThrows(
                PreconditionFailedException.class,
                () -> update.update(new UpdateContent.Command(
                        "event",
                        created.id().value(),
                        data("{\"n\":3}"),
                        OptionalLong.empty(),
                        Optional.of(Set.of(ContentTag.of(created))))));

        assertEquals(current, e.current());
        assertEquals(current, repository.find(created.type(), created.id()).orElseThrow());
    }

    @Test
    void ifMatchWithNoUsableTagMatchesNothing() {
        ContentItem created = createEvent("{}");

        assertThrows(
                PreconditionFailedException.class,
                () -> delete.delete(
                        new DeleteContent.Command("event", created.id().value(), Optional.of(Set.of()))));
        assertEquals(created, getEvent(created).value());
    }

    @Test
    void ifMatchOnAnAbsentItemIsNotFound() {
        assertThrows(
                ContentNotFoundException.class,
                () -> delete.delete(new DeleteContent.Command(
                        "event", "0194a8e2-7c1d-7000-8000-000000000001", Optional.of(Set.of(new ContentTag("x"))))));
    }

    @Test
    void ifMatchAndABodyVersionMustAgree() {
        ContentItem created = createEvent("{}");
        updateEvent(created, "{}");
        ContentItem current = repository.find(created.type(), created.id()).orElseThrow();

        assertThrows(
                VersionConflictException.class,
                () -> update.update(new UpdateContent.Command(
                        "event",
                        created.id().value(),
                        ContentData.empty(),
                        OptionalLong.of(1),
                        Optional.of(Set.of(ContentTag.of(current))))));
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownStillEvicts() {
        ContentItem created = createEvent("{\"n\":1}");
        getEvent(created);
        repository.failAfterNextWrite = true;

        assertThrows(
                IllegalStateException.class,
                () -> updateEvent(created, "{\"n\":2}"),
                "the store timed out after committing");

        assertEquals(2, getEvent(created).value().version());
    }

    @Test
    void contentTypesListTheKnownTypesWhenAskedForAnUnknownOne() {
        UnknownContentTypeException e = assertThrows(UnknownContentTypeException.class, () -> TYPES.require("users"));

        assertEquals("users", e.name());
        assertEquals("There is no content type \"users\"; the types are event, venue.", e.getMessage());
    }

    @Test
    void everyTypeHasItsOwnNamespacesWithItsTtl() {
        ContentType event = new ContentType("event");
        ContentType venue = new ContentType("venue");

        assertEquals("content-item-event", TYPES.itemNamespace(event).name());
        assertEquals("content-page-event", TYPES.pageNamespace(event).name());
        assertEquals(Duration.ofMinutes(15), TYPES.pageNamespace(venue).ttl());
        assertEquals(Duration.ofMinutes(15), TYPES.cacheTtl(venue));
        assertEquals(List.of(event, venue), TYPES.types());
    }

    /** The in-memory repository, counting calls and able to fail a write after it committed. */
    private static final class CountingRepository implements ContentRepository {

        final AtomicInteger finds = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        volatile boolean failAfterNextWrite;
        private final ContentRepository delegate;

        CountingRepository(ContentRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<ContentItem> find(ContentType type, ContentId id) {
            finds.incrementAndGet();
            return delegate.find(type, id);
        }

        @Override
        public ContentPage list(ContentType type, Optional<ContentId> after, int limit) {
            return delegate.list(type, after, limit);
        }

        @Override
        public ContentItem create(ContentType type, ContentData data) {
            return written(delegate.create(type, data));
        }

        @Override
        public ContentItem update(ContentType type, ContentId id, ContentData data, OptionalLong expectedVersion) {
            return written(delegate.update(type, id, data, expectedVersion));
        }

        @Override
        public void delete(ContentType type, ContentId id, OptionalLong expectedVersion) {
            delegate.delete(type, id, expectedVersion);
            written(null);
        }

        private <T> T written(T result) {
            writes.incrementAndGet();
            if (failAfterNextWrite) {
                failAfterNextWrite = false;
                throw new IllegalStateException("timed out waiting for the commit acknowledgement");
            }
            return result;
        }
    }
}
