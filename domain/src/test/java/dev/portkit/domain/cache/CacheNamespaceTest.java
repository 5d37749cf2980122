package dev.portkit.domain.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheNamespaceTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void acceptsLowerCaseNamesWithDigitsDashesAndUnderscores() {
        assertTrue(new CacheNamespace("blog-posts_2", MINUTE, Duration.ofSeconds(5)).cachesAbsence());
        assertFalse(CacheNamespace.of("0users", MINUTE).cachesAbsence());
    }

    @Test
    void rejectsInvalidNames() {
        for (String name : new String[] {"", "Users", "-users", "a:b", "a b", "ü"}) {
            assertThrows(IllegalArgumentException.class, () -> CacheNamespace.of(name, MINUTE), name);
        }
    }

    @Test
    void rejectsNonPositiveTtlAndNegativeNegativeTtl() {
        assertThrows(IllegalArgumentException.class, () -> CacheNamespace.of("a", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new CacheNamespace("a", MINUTE, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new CacheNamespace(null, MINUTE, Duration.ZERO));
    }
}
