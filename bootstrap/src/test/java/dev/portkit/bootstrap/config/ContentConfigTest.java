package dev.portkit.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.application.content.ContentTypes;
import dev.portkit.domain.content.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code CONTENT_TYPES}, {@code CACHE_TTLS}, {@code CACHE_TTL_DEFAULT} and {@code CACHE_NEGATIVE_TTL}. */
class ContentConfigTest {

    private static ContentTypes content(Map<String, String> environment) {
        return PortkitConfig.fromEnvironment(environment).content();
    }

    private static ContentType type(String name) {
        return new ContentType(name);
    }

    @Test
    void defaultsAreEventVenueAndArticleWithTheirTtls() {
        ContentTypes content = content(Map.of());

        assertEquals(List.of(type("event"), type("venue"), type("article")), content.types());
        assertEquals(Duration.ofMinutes(5), content.cacheTtl(type("event")));
        assertEquals(Duration.ofMinutes(15), content.cacheTtl(type("venue")));
        assertEquals(Duration.ofMinutes(30), content.cacheTtl(type("article")));
        assertEquals(Duration.ofSeconds(30), content.negativeTtl());
    }

    @Test
    void typesWithoutATtlGetTheDefaultTtl() {
        ContentTypes content = content(Map.of(
                "CONTENT_TYPES", " talk , event ",
                "CACHE_TTL_DEFAULT", "2h"));

        assertEquals(List.of(type("talk"), type("event")), content.types());
        assertEquals(Duration.ofHours(2), content.cacheTtl(type("talk")));
        assertEquals(Duration.ofMinutes(5), content.cacheTtl(type("event")), "the built-in TTL of event");
    }

    @Test
    void explicitTtlsReplaceTheBuiltInOnes() {
        ContentTypes content = content(Map.of(
                "CONTENT_TYPES", "event,venue",
                "CACHE_TTLS", "event=90s, venue=1d",
                "CACHE_NEGATIVE_TTL", "0s"));

        assertEquals(Duration.ofSeconds(90), content.cacheTtl(type("event")));
        assertEquals(Duration.ofDays(1), content.cacheTtl(type("venue")));
        assertEquals(Duration.ZERO, content.negativeTtl());
    }

    @Test
    void explicitTtlsNeedNotCoverEveryType() {
        ContentTypes content = content(Map.of("CACHE_TTLS", "event=1m"));

        assertEquals(Duration.ofMinutes(1), content.cacheTtl(type("event")));
        assertEquals(Duration.ofMinutes(10), content.cacheTtl(type("venue")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "CONTENT_TYPES | Event        | \"Event\" is not a type name",
                "CONTENT_TYPES | event,,venue | an empty name is not a type name",
                "CONTENT_TYPES | 1st          | \"1st\" is not a type name",
                "CONTENT_TYPES | my_type      | \"my_type\" is not a type name",
                "CONTENT_TYPES | event,event  | \"event\" is listed twice",
                "CACHE_TTLS    | talk=5m      | \"talk\" is not in CONTENT_TYPES (event,venue,article)",
                "CACHE_TTLS    | event        | expected type=duration pairs",
                "CACHE_TTLS    | event=       | expected type=duration pairs",
                "CACHE_TTLS    | event=soon   | the TTL of \"event\" must be a duration from 1ms to 365d",
                "CACHE_TTLS    | event=0s     | the TTL of \"event\" must be a duration from 1ms to 365d",
                "CACHE_TTLS    | event=1m,event=2m | \"event\" is listed twice",
                "CACHE_TTL_DEFAULT  | 0m      | expected a duration from 1ms to 365d",
                "CACHE_TTL_DEFAULT  | forever | expected a duration",
                "CACHE_NEGATIVE_TTL | -1s     | expected a duration",
            })
    void invalidValuesNameTheVariableAndWhatIsWrong(String variable, String value, String message) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> PortkitConfig.fromEnvironment(Map.of(variable, value)));

        assertEquals(variable, e.variable());
        assertTrue(e.getMessage().startsWith(variable + "=\"" + value + "\" is invalid: "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void ttlsForATypeRemovedFromContentTypesAreRejected() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PortkitConfig.fromEnvironment(
                        Map.of("CONTENT_TYPES", "event", "CACHE_TTLS", "event=5m,venue=15m")));

        assertEquals("CACHE_TTLS", e.variable());
        assertTrue(e.getMessage().contains("\"venue\" is not in CONTENT_TYPES (event)"), e.getMessage());
    }
}
