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
 * else a new one), returns that id, resolves its {@link ClientAddress}, puts both in the logging
 * context of every line the request causes, and records the request's latency by method, route
 * template and status.
 */
final class RequestObservation {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "requestId";
    static final String MDC_CLIENT = "clientAddress";
    /** Bounded and free of anything that could forge log lines or headers. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final String STARTED = RequestObservation.class.getName() + ".started";

    private final MeterRegistry registry;
    private final TrustedProxies proxies;

    RequestObservation(MeterRegistry registry, TrustedProxies proxies) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.proxies = Objects.requireNonNull(proxies, "proxies");
    }

    void before(Context ctx) {
        String incoming = ctx.header(HEADER);
        String id = incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : newId();
        MDC.put(MDC_KEY, id);
        MDC.put(MDC_CLIENT, ClientAddress.resolve(ctx, proxies));
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
            MDC.remove(MDC_CLIENT);
        }
    }

    /** The matched route's template ({@code /api/content/{type}/{id}}), never the raw path. */
    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "UNMATCHED" : endpoint.path;
    }

    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }
}
