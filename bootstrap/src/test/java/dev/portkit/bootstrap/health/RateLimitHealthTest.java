package dev.portkit.bootstrap.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHealthTest {

    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private final RateLimitHealth health = new RateLimitHealth(
            List.of(
                    new RateLimit("content-read", 600, Duration.ofMinutes(1), RateLimitFallback.LOCAL),
                    new RateLimit("reservation", 30, Duration.ofSeconds(90), RateLimitFallback.CLOSED),
                    new RateLimit("content-write", 60, Duration.ofHours(1), RateLimitFallback.OPEN)),
            "redis",
            redisUp::get);

    @Test
    void upWhileTheStoreCountsEveryLimit() {
        Health up = health.check();

        assertEquals(HealthStatus.UP, up.status());
        assertEquals("redis", up.details().get("store"));
        assertEquals(
                Map.of(
                        "content-read", Map.of("limit", "600/1m", "fallback", "local", "active", "redis"),
                        "reservation", Map.of("limit", "30/90s", "fallback", "closed", "active", "redis"),
                        "content-write", Map.of("limit", "60/1h", "fallback", "open", "active", "redis")),
                up.details().get("limits"));
    }

    @Test
    void degradedWhileTheStoreIsDownAndEachLimitActsAsItsFallback() {
        redisUp.set(false);

        Health down = health.check();

        assertEquals(HealthStatus.DEGRADED, down.status());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> limits =
                (Map<String, Map<String, String>>) down.details().get("limits");
        assertEquals("local", limits.get("content-read").get("active"));
        assertEquals("closed", limits.get("reservation").get("active"));
        assertEquals("open", limits.get("content-write").get("active"));
    }

    @ParameterizedTest
    @CsvSource({"86400000, 1d", "7200000, 2h", "90000, 90s", "60000, 1m", "1500, 1500ms"})
    void windowsAreWrittenAsInTheConfiguration(long millis, String written) {
        assertEquals(written, RateLimitHealth.format(Duration.ofMillis(millis)));
    }
}
