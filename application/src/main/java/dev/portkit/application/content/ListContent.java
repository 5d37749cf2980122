package dev.portkit.application.content;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentPage;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Use case: list one type's items a page at a time, oldest first, pages cached. */
public final class ListContent {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final ContentTypes types;
    private final ContentRepository repository;
    private final ContentCaching caching;

    public ListContent(ContentTypes types, ContentRepository repository, Cache cache) {
        this.types = Objects.requireNonNull(types, "types");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.caching = new ContentCaching(cache, types);
    }

    /**
     * @param type the content type's name
     * @param cursor {@link Page#next()} of the previous page; empty for the first page
     * @param limit the most items to return, 1 to {@link #MAX_LIMIT}
     */
    public record Query(String type, Optional<String> cursor, int limit) {

        public Query {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(cursor, "cursor");
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
            }
        }
    }

    /**
     * @param items up to the limit of items
     * @param next the cursor of the next page; empty on the last page
     */
    public record Page(List<ContentItem> items, Optional<String> next) {

        public Page {
            items = List.copyOf(items);
            Objects.requireNonNull(next, "next");
        }
    }

    /**
     * The page, and whether the cache served it.
     *
     * @throws UnknownContentTypeException if the type is not configured
     * @throws InvalidCursorException if the cursor is not one a page returned
     */
    public Cached<Page> list(Query query) {
        ContentType type = types.require(query.type());
        Optional<ContentId> after = query.cursor().map(PageCursor::decode);
        CacheResult<Page> result = caching.page(type, after, query.limit(), () -> {
            ContentPage page = repository.list(type, after, query.limit());
            return new Page(page.items(), page.next().map(PageCursor::encode));
        });
        return new Cached<>(result.value().orElseThrow(), result.hit());
    }
}
