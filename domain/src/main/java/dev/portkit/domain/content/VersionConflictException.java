package dev.portkit.domain.content;

import java.util.Objects;

/** A write expected a version of the item that is no longer the current one (optimistic concurrency). */
public final class VersionConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ContentItem current;
    private final long expectedVersion;

    /**
     * @param current the item as it is now
     * @param expectedVersion the version the write expected
     */
    public VersionConflictException(ContentItem current, long expectedVersion) {
        super(
                "Expected version " + expectedVersion + " of "
                        + Objects.requireNonNull(current, "current").type() + " " + current.id()
                        + " but it is at version " + current.version(),
                null,
                false,
                false);
        this.current = current;
        this.expectedVersion = expectedVersion;
    }

    /** The item as it was when the write was refused. */
    public ContentItem current() {
        return current;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}
