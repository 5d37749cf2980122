package dev.portkit.adapters.http;

import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson3;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's HTTP server: Javalin with every {@link HttpRoutes} group, JSON errors for every
 * failure, and a graceful stop.
 *
 * <p>Every request gets an id ({@code X-Request-Id}, honoured when the caller sends a safe one) that
 * is returned and put in the logging context, and is timed as {@code http.server.requests} by
 * method, route template and status.
 *
 * <p>Errors never leak a stack trace: an {@link ApiException} becomes its status and body, an
 * unknown route a 404 and a known path with another method a 405, each with an {@link ApiError}
 * body; a source of truth that cannot be reached is 503 {@code database_unavailable} with {@code
 * Retry-After}; anything unexpected is logged and answered with a generic 500.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Seconds a client should wait after {@code database_unavailable}: the database is probed every second. */
    static final String RETRY_AFTER_DATABASE_SECONDS = "5";

    private final Javalin app;
    private final HttpSettings settings;
    private final GracefulHandler inFlight = new GracefulHandler();

    public HttpServer(
            HttpSettings settings, List<HttpRoutes> routes, JsonMapper jsonMapper, MeterRegistry meterRegistry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(jsonMapper, "jsonMapper");
        RequestObservation observation = new RequestObservation(meterRegistry);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson3(jsonMapper, false));
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.prefer405over404 = true;
            config.concurrency.useVirtualThreads = settings.virtualThreads();
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            // Tracks in-flight requests so that close() can wait for them (see close()).
            config.jetty.modifyServer(server -> {
                server.setHandler(inFlight);
                new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()).bindTo(meterRegistry);
            });
            // First before and last after handler: every line a request logs carries its id.
            config.routes.before(observation::before);
            routes.forEach(group -> group.addTo(config.routes));
            config.routes.after(observation::after);
            config.routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e.status(), e.body()));
            config.routes.exception(SourceOfTruthUnavailableException.class, (e, ctx) -> {
                ctx.header(Header.RETRY_AFTER, RETRY_AFTER_DATABASE_SECONDS);
                respond(
                        ctx,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        new ApiError("database_unavailable", "The database is unavailable; retry later."));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
                respond(
                        ctx,
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        new ApiError("internal_error", "The server failed to handle the request."));
            });
            config.routes.error(HttpStatus.NOT_FOUND, ctx -> jsonErrorUnlessSet(ctx, "not_found", "No such resource."));
            config.routes.error(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    ctx -> jsonErrorUnlessSet(
                            ctx, "method_not_allowed", ctx.method() + " is not supported on " + ctx.path() + "."));
            config.routes.error(
                    HttpStatus.CONTENT_TOO_LARGE,
                    ctx -> jsonErrorUnlessSet(
                            ctx,
                            "payload_too_large",
                            "The request body exceeds " + settings.maxRequestBytes() + " bytes."));
        });
    }

    /** Starts listening and returns the bound port. */
    public int start() {
        app.start(settings.host(), settings.port());
        return app.port();
    }

    /** The bound port; only meaningful after {@link #start()}. */
    public int port() {
        return app.port();
    }

    /**
     * Graceful stop: closes the listening socket so new connections are refused, lets in-flight
     * requests finish for up to the shutdown timeout, then stops the server, closing idle
     * keep-alive connections at once rather than waiting for them.
     */
    @Override
    public void close() {
        Server server = app.jettyServer().server();
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
        }
        try {
            inFlight.shutdown().get(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn(
                    "{} requests still running after {}; stopping anyway",
                    inFlight.getCurrentRequestCount(),
                    settings.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("Waiting for in-flight requests failed: {}", e.getCause().toString());
        }
        app.stop();
    }

    private static void respond(Context ctx, HttpStatus status, ApiError body) {
        ctx.status(status).json(body);
    }

    /** Fills in a JSON body for an error status, unless a handler already wrote one. */
    private static void jsonErrorUnlessSet(Context ctx, String code, String message) {
        if (ctx.result() == null || ctx.result().isEmpty() || !isJson(ctx)) {
            ctx.json(new ApiError(code, message));
        }
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }
}
