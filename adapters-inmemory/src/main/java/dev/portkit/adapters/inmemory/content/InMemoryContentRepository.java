package dev.portkit.adapters.inmemory.content;

import dev.portkit.domain.content.ContentChange;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentPage;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.content.TimeOrderedIds;
import dev.portkit.domain.content.VersionConflictException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link ContentRepository} in the process's memory, standing in for a database: nothing
 * survives a restart and nothing is shared between instances.
 *
 * <p>Ids are UUIDv7, so listing by id lists in creation order. Each type is a sorted concurrent
 * map, so readers never block. Writes hold the lock of its
 * {@link InMemoryContentChanges} while they take effect and are recorded there, so the feed has them in the
 * order they took effect.
 */
public final class InMemoryContentRepository implements ContentRepository {

    private final Clock clock;
    private final TimeOrderedIds ids;
    private final InMemoryContentChanges changes;
    private final ConcurrentMap<ContentType, ConcurrentNavigableMap<ContentId, ContentItem>> types =
            new ConcurrentHashMap<>();

    /**
     * @param clock the source of ids and of {@code updatedAt} (milliseconds are kept)
     * @param changes the feed its writes are recorded in
     */
    public InMemoryContentRepository(Clock clock, InMemoryContentChanges changes) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new TimeOrderedIds(clock);
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /** A repository whose feed nobody reads. */
    public InMemoryContentRepository(Clock clock) {
        this(clock, new InMemoryContentChanges(1));
    }

    @Override
    public Optional<ContentItem> find(ContentType type, ContentId id) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        ConcurrentNavigableMap<ContentId, ContentItem> items = types.get(type);
        return items == null ? Optional.empty() : Optional.ofNullable(items.get(id));
    }

    @Override
    public ContentPage list(ContentType type, Optional<ContentId> after, int limit) {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        Objects.requireNonNull(type, "type");
        ConcurrentNavigableMap<ContentId, ContentItem> items = types.get(type);
        if (items == null) {
            return ContentPage.empty();
        }
        Iterator<ContentItem> rest =
                after.map(id -> items.tailMap(id, false)).orElse(items).values().iterator();
        List<ContentItem> page = new ArrayList<>(Math.min(limit, 64));
        while (page.size() < limit && rest.hasNext()) {
            page.add(rest.next());
        }
        return new ContentPage(page, rest.hasNext());
    }

    @Override
    public ContentItem create(ContentType type, ContentData data) {
        Objects.requireNonNull(data, "data");
        ContentItem item = new ContentItem(type, ids.next(), 1, now(), data);
        synchronized (changes) {
            items(type).put(item.id(), item);
            changes.record(type, item.id(), ContentChange.Kind.CREATED);
        }
        return item;
    }

    @Override
    public ContentItem update(ContentType type, ContentId id, ContentData data, OptionalLong expectedVersion) {
        Objects.requireNonNull(data, "data");
        ConcurrentNavigableMap<ContentId, ContentItem> items = items(type);
        synchronized (changes) {
            ContentItem current = current(items, type, id, expectedVersion);
            ContentItem next = new ContentItem(type, id, current.version() + 1, now(), data);
            items.put(id, next);
            changes.record(type, id, ContentChange.Kind.UPDATED);
            return next;
        }
    }

    @Override
    public void delete(ContentType type, ContentId id, OptionalLong expectedVersion) {
        ConcurrentNavigableMap<ContentId, ContentItem> items = items(type);
        synchronized (changes) {
            current(items, type, id, expectedVersion);
            items.remove(id);
            changes.record(type, id, ContentChange.Kind.DELETED);
        }
    }

    /** The current item, checked against the expected version. */
    private static ContentItem current(
            ConcurrentNavigableMap<ContentId, ContentItem> items,
            ContentType type,
            ContentId id,
            OptionalLong expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        ContentItem current = items.get(id);
        if (current == null) {
            throw new ContentNotFoundException(type, id.value());
        }
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() != current.version()) {
            throw new VersionConflictException(current, expectedVersion.getAsLong());
        }
        return current;
    }

    private ConcurrentNavigableMap<ContentId, ContentItem> items(ContentType type) {
        Objects.requireNonNull(type, "type");
        return types.computeIfAbsent(type, t -> new ConcurrentSkipListMap<>());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
