package dev.portkit.domain.health;

import java.util.Map;
import java.util.Objects;

/**
 * The result of one health check: a status and details for operators (never secrets).
 *
 * @param status the state of the checked dependency
 * @param details values for operators, such as latency or the last error; immutable
 */
public record Health(HealthStatus status, Map<String, Object> details) {

    public Health {
        Objects.requireNonNull(status, "status");
        details = Map.copyOf(details);
    }

    public static Health of(HealthStatus status) {
        return new Health(status, Map.of());
    }
}
