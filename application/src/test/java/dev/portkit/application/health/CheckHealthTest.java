package dev.portkit.application.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckHealthTest {

    private static final CacheNamespace ITEMS = CacheNamespace.of("items", Duration.ofMinutes(1));
    private static final CacheNamespace PAGES = CacheNamespace.of("pages", Duration.ofMinutes(1));

    private final MapCache cache = new MapCache();

    @Test
    void theWorstCheckDecidesAndTheCacheCountersAreReportedPerNamespace() {
        cache.put(ITEMS, "a", "1", Codec.utf8());
        cache.get(ITEMS, "a", Codec.utf8());
        cache.get(ITEMS, "a", Codec.utf8());
        cache.get(ITEMS, "b", Codec.utf8());
        CheckHealth checkHealth = new CheckHealth(
                List.of(indicator("redis", HealthStatus.DEGRADED), indicator("disk", HealthStatus.UP)),
                cache,
                List.of(ITEMS, PAGES));

        HealthReport report = checkHealth.check();

        assertEquals(HealthStatus.DEGRADED, report.status());
        assertTrue(report.serving());
        assertEquals(List.of("redis", "disk"), List.copyOf(report.checks().keySet()));
        assertEquals(new CheckHealth.CacheReport(2, 1, 2.0 / 3), report.cache().get("items"));
        assertEquals(new CheckHealth.CacheReport(0, 0, 0), report.cache().get("pages"), "no lookups yet");
    }

    @Test
    void downIsNotServingAndOneCheckCanBeRunByName() {
        CheckHealth checkHealth = new CheckHealth(List.of(indicator("redis", HealthStatus.DOWN)), cache, List.of());

        assertFalse(checkHealth.check().serving());
        assertEquals(Optional.of(HealthStatus.DOWN), checkHealth.check("redis").map(Health::status));
        assertEquals(Optional.empty(), checkHealth.check("database"));
    }

    private static HealthIndicator indicator(String name, HealthStatus status) {
        return new HealthIndicator() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Health check() {
                return new Health(status, Map.of());
            }
        };
    }
}
