package dev.portkit.adapters.http;

import dev.portkit.application.health.CheckHealth;
import dev.portkit.application.health.HealthReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Objects;

/**
 * Health endpoints for load balancers and operators.
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process runs.
 *   <li>{@code GET /health/ready}: 200 when the service accepts traffic, 503 while starting or
 *       draining.
 *   <li>{@code GET /health}: every check; 200 when serving ({@code UP} or {@code DEGRADED}), else 503.
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
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        routes.get("/health/ready", this::ready);
    }

    private void health(Context ctx) {
        HealthReport report = checkHealth.check();
        ctx.status(report.serving() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(report);
    }

    private void ready(Context ctx) {
        boolean ready = readiness.isReady();
        ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", ready ? "READY" : "NOT_READY"));
    }
}
