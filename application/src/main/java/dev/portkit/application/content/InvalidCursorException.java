package dev.portkit.application.content;

/** A list request carried a cursor that no list response produced. */
public final class InvalidCursorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidCursorException() {
        super(
                "The cursor is not one that a list response returned; omit it to start from the first page.",
                null,
                false,
                false);
    }
}
