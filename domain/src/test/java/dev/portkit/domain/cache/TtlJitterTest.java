package dev.portkit.domain.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlJitterTest {

    private static final Duration TTL = Duration.ofSeconds(100);

    @Test
    void noJitterKeepsTheTtl() {
        assertEquals(TTL, TtlJitter.NONE.apply(TTL));
    }

    @Test
    void jitterLengthensByUpToThePercentage() {
        assertEquals(TTL, new TtlJitter(10, () -> 0.0).apply(TTL));
        assertEquals(Duration.ofSeconds(105), new TtlJitter(10, () -> 0.5).apply(TTL));
        assertEquals(Duration.ofMillis(109_999), new TtlJitter(10, () -> 0.99999).apply(TTL));
    }

    @Test
    void realRandomStaysWithinBounds() {
        TtlJitter jitter = new TtlJitter(20);
        for (int i = 0; i < 1000; i++) {
            Duration ttl = jitter.apply(TTL);
            assertTrue(ttl.compareTo(TTL) >= 0 && ttl.compareTo(Duration.ofSeconds(120)) <= 0, ttl::toString);
        }
    }

    @Test
    void percentageOutsideZeroToHundredIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TtlJitter(-1));
        assertThrows(IllegalArgumentException.class, () -> new TtlJitter(101));
    }
}
