package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisSettingsTest {

    private static final RedisSettings SETTINGS = new RedisSettings(
            URI.create("redis://cache.internal:6380/2"), Duration.ofMillis(500), Duration.ofSeconds(2), "portkit");

    @Test
    void theDefaultPrefixIsPortkit() {
        assertEquals("portkit:", SETTINGS.keyPrefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"my app:", "{app}:", "app}", "tab\t"})
    void aPrefixWithWhitespaceOrHashTagBracesIsRejected(String prefix) {
        var e = assertThrows(IllegalArgumentException.class, () -> SETTINGS.withKeyPrefix(prefix));
        assertTrue(e.getMessage().contains("key prefix"), e.getMessage());
    }

    @Test
    void onlyRedisSchemesAreAccepted() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> new RedisSettings(
                        URI.create("http://user:s3cret@h"), Duration.ofSeconds(1), Duration.ofSeconds(1), "portkit"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void toStringNeverShowsThePassword() {
        String text = SETTINGS.withCredentials(Optional.of("app"), "s3cret").toString();
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.contains("password=***"), text);
    }
}
