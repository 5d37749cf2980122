package dev.portkit.application.content;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentNotFoundException;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import java.util.Objects;

/** Use case: read one item, from the cache when it has it. */
public final class GetContent {

    private final ContentTypes types;
    private final ContentRepository repository;
    private final ContentCaching caching;

    public GetContent(ContentTypes types, ContentRepository repository, Cache cache) {
        this.types = Objects.requireNonNull(types, "types");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.caching = new ContentCaching(cache, types);
    }

    /**
     * The item, and whether the cache served it.
     *
     * @throws UnknownContentTypeException if the type is not configured
     * @throws ContentNotFoundException if there is no such item (also for a malformed id)
     */
    public Cached<ContentItem> get(String typeName, String id) {
        ContentType type = types.require(typeName);
        ContentId contentId = ContentId.parse(id).orElseThrow(() -> new ContentNotFoundException(type, id));
        CacheResult<ContentItem> result = caching.item(type, contentId, () -> repository.find(type, contentId));
        return new Cached<>(result.value().orElseThrow(() -> new ContentNotFoundException(type, id)), result.hit());
    }
}
