package dev.portkit.adapters.http;

import dev.portkit.application.health.CheckHealth;
import dev.portkit.application.health.HealthReport;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Health endpoints for load balancers and operators; {@code HEAD} answers as {@code GET} without
 * the body.
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process runs.
 *   <li>{@code GET /health/ready}: 200 when the service accepts traffic, 503 while starting or
 *       draining.
 *   <li>{@code GET /health}: every check and the cache counters; 200 when serving ({@code UP} or
 *       {@code DEGRADED}), else 503.
 *   <li>{@code GET /health/redis}: the {@code redis} check alone. Seen on its own, Redis is
 *       {@code DOWN} (503) whenever it is not {@code UP} or {@code DISABLED}, even while the service
 *       serves {@code DEGRADED} from its fallbacks; without a {@code redis} check it is {@code
 *       DISABLED} (200).
 * </ul>
 */
public final class HealthRoutes implements HttpRoutes {

    private final CheckHealth checkHealth;
    private final Readiness readiness;

    public HealthRoutes(CheckHealth checkHealth, Readiness readiness) {
        this.checkHealth = Objects.requireNonNull(checkHealth, "checkHealth");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.head("/health", this::health);
        routes.get("/health/live", this::live);
        routes.head("/health/live", this::live);
        routes.get("/health/ready", this::ready);
        routes.head("/health/ready", this::ready);
        routes.get("/health/redis", this::redis);
        routes.head("/health/redis", this::redis);
    }

    private void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    private void health(Context ctx) {
        HealthReport report = checkHealth.check();
        ctx.status(report.serving() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(report);
    }

    private void redis(Context ctx) {
        Health health = checkHealth.check("redis").orElse(Health.of(HealthStatus.DISABLED));
        HealthStatus status = switch (health.status()) {
            case UP, DISABLED -> health.status();
            case DEGRADED, DOWN -> HealthStatus.DOWN;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.putAll(new TreeMap<>(health.details()));
        ctx.status(status == HealthStatus.DOWN ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK)
                .json(body);
    }

    private void ready(Context ctx) {
        boolean ready = readiness.isReady();
        ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", ready ? "READY" : "NOT_READY"));
    }
}
