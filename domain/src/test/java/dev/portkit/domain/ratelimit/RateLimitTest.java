package dev.portkit.domain.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitTest {

    @ParameterizedTest
    @CsvSource({
        // window ms, step ms, steps counted, counted at most ms
        "60000,    1200, 52, 62400",
        "1000,       20, 52, 1040",
        "1001,       20, 53, 1060",
        "49,          1, 51, 51",
        "1,           1,  3, 3",
        "86400000, 1728000, 52, 89856000",
    })
    void countsInStepsOfAFiftiethOfTheWindow(long window, long step, int steps, long countedAtMost) {
        RateLimit limit = new RateLimit("api", 10, Duration.ofMillis(window));

        assertEquals(Duration.ofMillis(step), limit.granularity());
        assertEquals(steps, limit.stepsCounted());
        assertEquals(Duration.ofMillis(countedAtMost), limit.countedAtMost());
    }

    @Test
    void countsLocallyWhileItsStoreIsDownUnlessToldOtherwise() {
        assertEquals(RateLimitFallback.LOCAL, new RateLimit("login", 5, Duration.ofMinutes(1)).fallback());
        assertEquals(
                RateLimitFallback.CLOSED,
                new RateLimit("api", 5, Duration.ofMinutes(1), RateLimitFallback.CLOSED).fallback());
    }

    @ParameterizedTest
    @CsvSource({"Login, 1, 1000", "login, 0, 1000", "login, 1, 0", "login, 1, 31622400001"})
    void invalidLimitsAreRejected(String name, int permits, long windowMillis) {
        assertThrows(
                IllegalArgumentException.class, () -> new RateLimit(name, permits, Duration.ofMillis(windowMillis)));
    }
}
