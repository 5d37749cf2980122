package dev.portkit.application.content;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.content.VersionConflictException;
import java.util.Objects;
import java.util.Optional;
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
        cache.delete(types.itemNamespace(type), id.value());
        evictPages(type);
    }

    /** Evicts every list page of the type. */
    void evictPages(ContentType type) {
        cache.invalidate(types.pageNamespace(type));
    }
}
