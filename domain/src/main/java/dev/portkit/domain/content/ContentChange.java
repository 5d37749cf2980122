package dev.portkit.domain.content;

import java.util.Objects;

/**
 * One committed change of one content item, as the {@link ContentChanges} feed records it. It says what
 * changed, not to what: enough to invalidate what a cache holds of the item.
 *
 * @param position where the change is in the feed (see {@link ContentChanges}); the changes of one
 *     transaction share a position
 * @param type the item's type
 * @param id the item's id
 * @param kind what happened to the item
 */
public record ContentChange(long position, ContentType type, ContentId id, Kind kind) {

    /** What happened to the item. */
    public enum Kind {
        CREATED,
        UPDATED,
        DELETED
    }

    public ContentChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }
}
