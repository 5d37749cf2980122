package dev.portkit.application.content;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheInvalidation;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentChange;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.content.VersionConflictException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The content use cases' cache-aside scheme, in one place.
 *
 * <ul>
 *   <li>An item is cached under its id in {@code content-item-<type>}; an absent id is cached too,
 *       for the short negative TTL.
 *   <li>A list page is cached under its cursor and limit in {@code content-page-<type>}.
 *   <li>After a write the item's key is deleted and the whole page namespace is invalidated: any
 *       write can change any page (an item's data, which items a page holds), and {@link
 *       Cache#invalidate} drops them all in O(1) without knowing which cursors were cached.
 * </ul>
 *
 * <p>{@link #invalidations} says what a change makes stale, for the writer's own eviction right after its
 * commit (read-your-writes) and for {@link ContentChangeRelay}, which applies the changes every instance
 * commits from the change feed.
 */
final class ContentCaching {

    private final Cache cache;
    private final ContentTypes types;

    ContentCaching(Cache cache, ContentTypes types) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.types = Objects.requireNonNull(types, "types");
    }

    CacheResult<ContentItem> item(ContentType type, ContentId id, Supplier<Optional<ContentItem>> loader) {
        return cache.getOrLoad(types.itemNamespace(type), id.value(), ContentCodecs.ITEM, loader);
    }

    CacheResult<ListContent.Page> page(
            ContentType type, Optional<ContentId> after, int limit, Supplier<ListContent.Page> loader) {
        String key = after.map(id -> "after:" + id.value() + ":" + limit).orElse("first:" + limit);
        return cache.getOrLoad(types.pageNamespace(type), key, ContentCodecs.PAGE, () -> Optional.of(loader.get()));
    }

    /**
     * Runs a write to one item, then evicts what it may have made stale: the item and every page of
     * its type. A write that was refused ({@link ContentNotFoundException}, {@link
     * VersionConflictException}, {@link PreconditionFailedException}) changed nothing and evicts
     * nothing; any other failure may have been committed all the same (a timeout), so it evicts too.
     */
    <T> T write(ContentType type, ContentId id, Supplier<T> write) {
        T result;
        try {
            result = write.get();
        } catch (ContentNotFoundException | VersionConflictException | PreconditionFailedException refused) {
            throw refused;
        } catch (RuntimeException outcomeUnknown) {
            evict(type, id);
            throw outcomeUnknown;
        }
        evict(type, id);
        return result;
    }

    /** Evicts the item and every list page of its type. */
    void evict(ContentType type, ContentId id) {
        invalidations(types, type, List.of(id)).forEach(invalidation -> invalidation.applyTo(cache));
    }

    /** Evicts every list page of the type. */
    void evictPages(ContentType type) {
        cache.invalidate(types.pageNamespace(type));
    }

    /** What changes to these items of one type make stale: the items, and every list page of the type. */
    static List<CacheInvalidation> invalidations(ContentTypes types, ContentType type, Collection<ContentId> ids) {
        List<String> keys = ids.stream().map(ContentId::value).distinct().toList();
        return List.of(
                CacheInvalidation.ofKeys(types.itemNamespace(type), keys),
                CacheInvalidation.ofNamespace(types.pageNamespace(type)));
    }

    /**
     * What a batch of the change feed makes stale: its items and their types' pages; every namespace if the
     * batch missed changes. Changes of types that are not configured (any more) have nothing cached.
     */
    static List<CacheInvalidation> invalidations(ContentTypes types, ChangeBatch batch) {
        if (batch.missed()) {
            return everything(types);
        }
        Map<ContentType, Set<ContentId>> byType = new LinkedHashMap<>();
        Set<ContentType> configured = Set.copyOf(types.types());
        for (ContentChange change : batch.changes()) {
            if (configured.contains(change.type())) {
                byType.computeIfAbsent(change.type(), t -> new LinkedHashSet<>())
                        .add(change.id());
            }
        }
        List<CacheInvalidation> invalidations = new ArrayList<>();
        byType.forEach((type, ids) -> invalidations.addAll(invalidations(types, type, ids)));
        return invalidations;
    }

    /** Every content namespace, whole: when anything may have changed. */
    static List<CacheInvalidation> everything(ContentTypes types) {
        List<CacheInvalidation> all = new ArrayList<>();
        for (CacheNamespace namespace : types.cacheNamespaces()) {
            all.add(CacheInvalidation.ofNamespace(namespace));
        }
        return all;
    }
}
