package dev.portkit.application.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContentTagTest {

    private static ContentItem item(String type, String id, long version, String json) {
        return new ContentItem(new ContentType(type), new ContentId(id), version, Instant.EPOCH, new ContentData(json));
    }

    @Test
    void theSameVersionHasTheSameTag() {
        assertEquals(
                ContentTag.of(item("event", "a1", 3, "{}")),
                ContentTag.of(item("event", "a1", 3, "{\"ignored\":true}")));
    }

    @Test
    void typeIdAndVersionEachChangeTheTag() {
        ContentTag tag = ContentTag.of(item("event", "a1", 3, "{}"));

        assertNotEquals(tag, ContentTag.of(item("event", "a1", 4, "{}")));
        assertNotEquals(tag, ContentTag.of(item("event", "a2", 3, "{}")));
        assertNotEquals(tag, ContentTag.of(item("venue", "a1", 3, "{}")));
        assertNotEquals(ContentTag.of(item("event", "a1", 13, "{}")), ContentTag.of(item("event", "a11", 3, "{}")));
    }

    @Test
    void tagsAre22UrlSafeCharacters() {
        String value = ContentTag.of(item("event", "a1", 3, "{}")).value();

        assertEquals(22, value.length());
        assertTrue(value.matches("[A-Za-z0-9_-]+"), value);
    }
}
