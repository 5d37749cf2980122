package dev.portkit.domain.content;

import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A driven port: the source of truth for content items (a database in a real service). Every
 * method returns or changes the committed state; there is no caching here.
 *
 * <p>Items of different types never see each other: the same id under two types names two items.
 * The repository generates ids and versions: an item is created at version 1 and every update
 * stores the next version with a new {@code updatedAt}.
 *
 * <p>Writes that take an {@code expectedVersion} are conditional (optimistic concurrency): they
 * change nothing and throw {@link VersionConflictException} unless the item's current version is
 * the expected one. An empty {@code expectedVersion} writes unconditionally. Each write is atomic.
 *
 * <p>A {@code null} argument throws {@link NullPointerException}. An adapter that cannot reach its
 * store within its timeout throws {@link SourceOfTruthUnavailableException} (a write's outcome is then
 * unknown); other exceptions of an adapter are faults, not results. Implementations are thread-safe.
 */
public interface ContentRepository {

    /** The item, or empty when it does not exist. */
    Optional<ContentItem> find(ContentType type, ContentId id);

    /**
     * Up to {@code limit} items of the type with ids greater than {@code after} (from the first
     * when empty), ascending by id. Paging with {@link ContentPage#next()} visits every item that
     * exists throughout exactly once.
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    ContentPage list(ContentType type, Optional<ContentId> after, int limit);

    /** Stores a new item with a generated id at version 1 and returns it. */
    ContentItem create(ContentType type, ContentData data);

    /**
     * Replaces the item's data, stores it at the next version and returns it.
     *
     * @throws ContentNotFoundException if the item does not exist
     * @throws VersionConflictException if {@code expectedVersion} is given and is not current
     */
    ContentItem update(ContentType type, ContentId id, ContentData data, OptionalLong expectedVersion);

    /**
     * Deletes the item.
     *
     * @throws ContentNotFoundException if the item does not exist
     * @throws VersionConflictException if {@code expectedVersion} is given and is not current
     */
    void delete(ContentType type, ContentId id, OptionalLong expectedVersion);
}
