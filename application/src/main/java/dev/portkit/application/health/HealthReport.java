package dev.portkit.application.health;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of the whole service.
 *
 * @param status the worst status of all checks ({@code UP} when there are none)
 * @param checks each check by name, in registration order
 * @param cache the counters of each cache namespace by name
 */
public record HealthReport(
        HealthStatus status, Map<String, Health> checks, Map<String, CheckHealth.CacheReport> cache) {

    public HealthReport {
        Objects.requireNonNull(status, "status");
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        cache = Collections.unmodifiableMap(new LinkedHashMap<>(cache));
    }

    /** Whether the service can serve: {@code UP} or {@code DEGRADED}. */
    public boolean serving() {
        return status == HealthStatus.UP || status == HealthStatus.DEGRADED;
    }
}
