package dev.portkit.domain.content;

import java.util.List;
import java.util.Optional;

/**
 * A slice of one type's items in id order, as returned by {@link ContentRepository#list}.
 *
 * @param items at most the requested number of items, ascending by id
 * @param hasMore whether items with larger ids exist after the last one
 */
public record ContentPage(List<ContentItem> items, boolean hasMore) {

    public ContentPage {
        items = List.copyOf(items);
        if (hasMore && items.isEmpty()) {
            throw new IllegalArgumentException("a page with more items after it cannot be empty");
        }
    }

    /** The id to continue after, when there are more items. */
    public Optional<ContentId> next() {
        return hasMore ? Optional.of(items.get(items.size() - 1).id()) : Optional.empty();
    }

    /** Convenience for adapters: an empty last page. */
    public static ContentPage empty() {
        return new ContentPage(List.of(), false);
    }

    @Override
    public String toString() {
        return "ContentPage[" + items.size() + " items, hasMore=" + hasMore + "]";
    }
}
