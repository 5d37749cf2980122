package dev.portkit.adapters.http;

import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
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
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's HTTP server: Javalin with every {@link HttpRoutes} group, one JSON error format from
 * every layer, bounded clients and a graceful stop.
 *
 * <p>Every request gets an id ({@code X-Request-Id}, honoured when the caller sends a safe one) that
 * is returned and put in the logging context with its {@link ClientAddress}, and is timed as {@code
 * http.server.requests} by method, route template and status.
 *
 * <p>Errors are always {@link ApiError} JSON and never leak a stack trace or a class name. Failures
 * map to statuses in one place, {@link #commonErrors()} and each group's {@link
 * HttpRoutes#mapErrors}; Jetty's own rejections (bad request line, header limits, framing) go
 * through {@link JsonErrorHandler}. Anything unexpected is logged and answered with a generic 500.
 *
 * <p>Slow clients cannot take the threads: bodies are read without a thread before the handlers run
 * ({@link BodyReader}), within {@link HttpSettings#bodyTimeout()}; silent connections close after
 * {@link HttpSettings#idleTimeout()}.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Seconds a client should wait after a 503 for a dependency that is down (the database is probed every second, Redis every {@code REDIS_BREAKER_OPEN_WAIT}). */
    static final String RETRY_AFTER_UNAVAILABLE_SECONDS = "5";

    private final Javalin app;
    private final HttpSettings settings;
    private final GracefulHandler inFlight = new GracefulHandler();

    public HttpServer(
            HttpSettings settings, List<HttpRoutes> routes, JsonMapper jsonMapper, MeterRegistry meterRegistry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(jsonMapper, "jsonMapper");
        RequestObservation observation = new RequestObservation(meterRegistry, settings.trustedProxies());
        HttpErrors httpErrors = new HttpErrors(settings.maxRequestBytes());
        ErrorResponses errors = commonErrors();
        routes.forEach(group -> group.mapErrors(errors));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson3(jsonMapper, false));
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.http.prefer405over404 = true;
            config.concurrency.useVirtualThreads = settings.virtualThreads();
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            configureJetty(config, meterRegistry, new JsonErrorHandler(httpErrors, jsonMapper));
            // First before and last after handler: every line a request logs carries its id.
            config.routes.before(observation::before);
            config.routes.before(QueryStrings::check);
            routes.forEach(group -> group.addTo(config.routes));
            config.routes.after(observation::after);
            config.routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e.status(), e.body()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                int status = HttpErrors.clientStatus(e.getStatus());
                respond(ctx, HttpStatus.forStatus(status), httpErrors.forStatus(e.getStatus(), null));
            });
            config.routes.exception(
                    JacksonException.class,
                    (e, ctx) -> respond(
                            ctx,
                            HttpStatus.BAD_REQUEST,
                            new ApiError("malformed_json", "The body is not valid JSON: " + JsonInput.detail(e))));
            errors.addTo(config.routes);
            config.routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e, httpErrors));
        });
    }

    /**
     * Failures any group can meet, one line each: a new dependency's outage is one more line here.
     */
    static ErrorResponses commonErrors() {
        return new ErrorResponses()
                .map(
                        SourceOfTruthUnavailableException.class,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "database_unavailable",
                        e -> "The database is unavailable; retry later.",
                        (e, ctx) -> ctx.header(Header.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE_SECONDS))
                .map(
                        SessionStoreUnavailableException.class,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "session_store_unavailable",
                        e -> "Sessions cannot be checked right now. Try again shortly.",
                        (e, ctx) -> ctx.header(Header.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE_SECONDS))
                .map(
                        RateLimiterUnavailableException.class,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "rate_limit_unavailable",
                        e -> "Requests cannot be counted right now, so they are refused; retry shortly.",
                        (e, ctx) -> ctx.header(Header.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE_SECONDS));
    }

    private void configureJetty(JavalinConfig config, MeterRegistry meterRegistry, JsonErrorHandler errorHandler) {
        config.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(settings.maxHeaderBytes());
            http.setIdleTimeout(settings.idleTimeout().toMillis());
        });
        config.jetty.modifyServer(server -> {
            // In-flight requests, for close(); then bodies read before the handlers run.
            inFlight.setHandler(
                    new BodyReader(settings.maxRequestBytes(), settings.bodyTimeout(), settings.maxHeaders()));
            server.setHandler(inFlight);
            server.setErrorHandler(errorHandler);
            new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()).bindTo(meterRegistry);
        });
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errorHandler));
    }

    /** Starts listening and returns the bound port. */
    public int start() {
        app.start(settings.host(), settings.port());
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                server.setIdleTimeout(settings.idleTimeout().toMillis());
            }
        }
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

    /**
     * A failure no mapping names: a client's fault that Jetty detected while the handler read the
     * request (its status, a 4xx), else a fault of the server (logged, 500).
     */
    private static void unexpected(Context ctx, Exception e, HttpErrors httpErrors) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() < 500) {
                respond(ctx, HttpStatus.forStatus(http.getCode()), httpErrors.forStatus(http.getCode(), null));
                return;
            }
        }
        log.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
        respond(
                ctx,
                HttpStatus.INTERNAL_SERVER_ERROR,
                new ApiError("internal_error", "The server failed to handle the request."));
    }

    private static void respond(Context ctx, HttpStatus status, ApiError body) {
        ctx.status(status).json(body);
    }
}
