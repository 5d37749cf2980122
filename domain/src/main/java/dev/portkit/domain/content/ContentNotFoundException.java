package dev.portkit.domain.content;

import java.util.Objects;

/** The item does not exist (never created, or deleted). */
public final class ContentNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ContentType type;
    private final String id;

    /**
     * @param type the type that was looked in
     * @param id the id asked for, as given (it may not even be a well-formed {@link ContentId})
     */
    public ContentNotFoundException(ContentType type, String id) {
        super(
                "No " + Objects.requireNonNull(type, "type").name() + " with id " + Objects.requireNonNull(id, "id"),
                null,
                false,
                false);
        this.type = type;
        this.id = id;
    }

    public ContentType type() {
        return type;
    }

    public String id() {
        return id;
    }
}
