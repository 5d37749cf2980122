package dev.portkit.application.health;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Use case: report whether the service can serve, from every {@link HealthIndicator}. */
public final class CheckHealth {

    private final List<HealthIndicator> indicators;

    public CheckHealth(List<HealthIndicator> indicators) {
        this.indicators = List.copyOf(Objects.requireNonNull(indicators, "indicators"));
    }

    /** Runs every check; the overall status is the worst of them, {@code UP} when there are none. */
    public HealthReport check() {
        Map<String, Health> checks = new LinkedHashMap<>();
        HealthStatus overall = HealthStatus.UP;
        for (HealthIndicator indicator : indicators) {
            Health health = indicator.check();
            checks.put(indicator.name(), health);
            overall = overall.worst(health.status());
        }
        return new HealthReport(overall, checks);
    }
}
