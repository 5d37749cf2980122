package dev.portkit.adapters.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Runs around every request: gives it an id (the caller's {@code X-Request-Id} when it is safe,
 * else a new one), returns that id, puts it in the logging context of every line the request
 * causes, and records the request's latency by method, route template and status.
 */
final class RequestObservation {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    /** Bounded and free of anything that could forge log lines or headers. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final String STARTED = RequestObservation.class.getName() + ".started";

    private final MeterRegistry registry;

    RequestObservation(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    void before(Context ctx) {
        String incoming = ctx.header(HEADER);
        String id = incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : newId();
        MDC.put(MDC_KEY, id);
        ctx.header(HEADER, id);
        ctx.attribute(STARTED, System.nanoTime());
    }

    void after(Context ctx) {
        try {
            Long started = ctx.attribute(STARTED);
            if (started != null) {
                Timer.builder("http.server.requests")
                        .description("HTTP requests by method, route template and status")
                        .tag("method", ctx.method().name())
                        .tag("route", route(ctx))
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .register(registry)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The matched route's template ({@code /api/content/{type}/{id}}), never the raw path. */
    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "UNMATCHED" : endpoint.path;
    }

    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }
}
