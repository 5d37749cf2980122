package dev.portkit.domain.content;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a content item, as stored by the {@link ContentRepository}. Immutable: an update
 * stores a new item with the next version.
 *
 * @param type the item's type
 * @param id the item's id, unique within its type
 * @param version 1 when created, incremented by every update; used for optimistic concurrency
 * @param updatedAt when this version was stored
 * @param data the item's JSON object
 */
public record ContentItem(ContentType type, ContentId id, long version, Instant updatedAt, ContentData data) {

    public ContentItem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(data, "data");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
    }
}
