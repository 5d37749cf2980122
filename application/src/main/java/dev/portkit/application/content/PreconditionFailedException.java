package dev.portkit.application.content;

import dev.portkit.domain.content.ContentItem;
import java.util.Objects;

/**
 * A conditional write named versions of the item ({@link ContentTag}s) of which none is current:
 * the client's copy is stale, so nothing was changed.
 */
public final class PreconditionFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ContentItem current;

    PreconditionFailedException(ContentItem current) {
        super(
                "The " + Objects.requireNonNull(current, "current").type() + " " + current.id()
                        + " has changed; it is at version " + current.version() + ".",
                null,
                false,
                false);
        this.current = current;
    }

    /** The item as it was when the write was refused. */
    public ContentItem current() {
        return current;
    }
}
