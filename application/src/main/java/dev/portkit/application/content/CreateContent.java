package dev.portkit.application.content;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import java.util.Objects;

/** Use case: create an item; the repository assigns its id, version 1 and {@code updatedAt}. */
public final class CreateContent {

    private final ContentTypes types;
    private final ContentRepository repository;
    private final ContentCaching caching;

    public CreateContent(ContentTypes types, ContentRepository repository, Cache cache) {
        this.types = Objects.requireNonNull(types, "types");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.caching = new ContentCaching(cache, types);
    }

    /**
     * @param type the content type's name
     * @param data the item's JSON object
     */
    public record Command(String type, ContentData data) {

        public Command {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Stores the item, then evicts what it makes stale (the type's list pages, and a cached absence
     * of the new id should a client have asked for it before).
     *
     * @throws UnknownContentTypeException if the type is not configured
     */
    public ContentItem create(Command command) {
        ContentType type = types.require(command.type());
        ContentItem created;
        try {
            created = repository.create(type, command.data());
        } catch (RuntimeException outcomeUnknown) {
            caching.evictPages(type); // it may have been stored all the same (a timeout)
            throw outcomeUnknown;
        }
        caching.evict(type, created.id());
        return created;
    }
}
