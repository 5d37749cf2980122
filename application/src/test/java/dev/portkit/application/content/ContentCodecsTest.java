package dev.portkit.application.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentCodecsTest {

    private static ContentItem item(String json) {
        return new ContentItem(
                new ContentType("event"),
                new ContentId("0194a8e2-7c1d-7000-8000-000000000001"),
                7,
                Instant.parse("2026-11-24T10:15:30.123456789Z"),
                new ContentData(json));
    }

    @Test
    void itemRoundTrips() {
        ContentItem item = item("{\"title\":\"Opening night\",\"seats\":120}");

        assertEquals(item, ContentCodecs.ITEM.decode(ContentCodecs.ITEM.encode(item)));
    }

    @Test
    void decodesARangeInPlaceIgnoringTheBytesAround() {
        ContentItem item = item("{\"title\":\"Opening night\"}");
        byte[] encoded = ContentCodecs.ITEM.encode(item);
        byte[] framed = new byte[encoded.length + 5];
        Arrays.fill(framed, (byte) 0x7f);
        System.arraycopy(encoded, 0, framed, 2, encoded.length);

        assertEquals(item, ContentCodecs.ITEM.decode(framed, 2, encoded.length));
        assertThrows(IllegalArgumentException.class, () -> ContentCodecs.ITEM.decode(framed, 2, encoded.length + 1));
    }

    @Test
    void anyStringRoundTripsIncludingUnpairedSurrogates() {
        ContentItem item = item("{\"t\":\"caf\u00e9 \u65e5\u672c \ud83c\udf89 \ud800 \u0000\"}");

        assertEquals(item, ContentCodecs.ITEM.decode(ContentCodecs.ITEM.encode(item)));
    }

    @Test
    void dataLargerThan64KiBRoundTrips() {
        String big = "{\"text\":\"" + "\u00e9x".repeat(100_000) + "\"}";
        ContentItem item = item(big);

        assertEquals(item, ContentCodecs.ITEM.decode(ContentCodecs.ITEM.encode(item)));
    }

    @Test
    void pagesRoundTripWithAndWithoutANextCursor() {
        ListContent.Page middle = new ListContent.Page(List.of(item("{}"), item("{\"a\":1}")), Optional.of("abc"));
        ListContent.Page last = new ListContent.Page(List.of(), Optional.empty());

        assertEquals(middle, ContentCodecs.PAGE.decode(ContentCodecs.PAGE.encode(middle)));
        assertEquals(last, ContentCodecs.PAGE.decode(ContentCodecs.PAGE.encode(last)));
    }

    @Test
    void anotherFormatIsRejected() {
        byte[] bytes = ContentCodecs.ITEM.encode(item("{}"));
        bytes[0] = 2;

        assertThrows(IllegalArgumentException.class, () -> ContentCodecs.ITEM.decode(bytes));
    }

    @Test
    void truncatedOrPaddedPayloadsAreRejected() {
        byte[] bytes = ContentCodecs.ITEM.encode(item("{\"a\":1}"));

        assertThrows(
                IllegalArgumentException.class,
                () -> ContentCodecs.ITEM.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> ContentCodecs.ITEM.decode(Arrays.copyOf(bytes, bytes.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> ContentCodecs.ITEM.decode(new byte[0]));
    }

    @Test
    void anItemIsNotAPage() {
        byte[] item = ContentCodecs.ITEM.encode(item("{}"));

        assertThrows(RuntimeException.class, () -> ContentCodecs.PAGE.decode(item));
    }
}
