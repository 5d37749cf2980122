package dev.portkit.application.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portkit.domain.content.ContentId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorTest {

    @ParameterizedTest
    @ValueSource(strings = {"0194a8e2-7c1d-7000-8000-000000000001", "a", "first", "42"})
    void idsRoundTrip(String id) {
        ContentId contentId = new ContentId(id);

        assertEquals(contentId, PageCursor.decode(PageCursor.encode(contentId)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "YQ==", "not base64 at all", "%2F", "Lw", "L2V0Yy9wYXNzd2Q"})
    void foreignCursorsAreRejected(String cursor) {
        assertThrows(InvalidCursorException.class, () -> PageCursor.decode(cursor));
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 10_000})
    void overlongCursorsAreRejected(int length) {
        String cursor = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("a".repeat(length).getBytes(StandardCharsets.US_ASCII));

        assertThrows(InvalidCursorException.class, () -> PageCursor.decode(cursor));
    }
}
