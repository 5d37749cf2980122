package dev.portkit.application.content;

import dev.portkit.domain.content.ContentId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * List cursors: the URL-safe Base64 of the last id on the previous page. Opaque to clients, so the
 * encoding can change without breaking them (beyond cursors in flight).
 */
final class PageCursor {

    /** Longer than any encoded {@link ContentId}; longer input is rejected before decoding. */
    private static final int MAX_LENGTH = 100;

    private PageCursor() {}

    static String encode(ContentId after) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(after.value().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidCursorException if {@code cursor} is not one {@link #encode} made */
    static ContentId decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw new InvalidCursorException();
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            return ContentId.parse(new String(bytes, StandardCharsets.UTF_8))
                    .filter(id -> encode(id).equals(cursor)) // one spelling per cursor: no padding, no aliases
                    .orElseThrow(InvalidCursorException::new);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidCursorException();
        }
    }
}
