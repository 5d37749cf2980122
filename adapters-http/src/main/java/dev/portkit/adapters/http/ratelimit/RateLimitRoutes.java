package dev.portkit.adapters.http.ratelimit;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Rate limits per {@link RouteGroup} and client, as {@code before} handlers: a request of a limited
 * group takes a permit before its route runs. The client is the principal of the live session the
 * request carries ({@code user:alice}), else its address ({@code address:203.0.113.7}).
 *
 * <p>Answers, with the header fields of draft-ietf-httpapi-ratelimit-headers-11 (policy names are
 * Structured Field Strings, which every draft since -08 accepts; the older {@code RateLimit-Limit},
 * {@code -Remaining} and {@code -Reset} fields and the {@code limit=, remaining=, reset=} syntax of
 * -07 are gone):
 *
 * <ul>
 *   <li>Every response of a limited group: {@code RateLimit-Policy: "content-read";q=600;w=60}
 *       (the quota per window of {@code w} seconds, rounded up) and {@code RateLimit:
 *       "content-read";r=599}, the permits left.
 *   <li>Over the limit: 429 {@code {"error":"rate_limited","message"}} with {@code Retry-After}
 *       (seconds) and {@code RateLimit: "content-read";r=0;t=12}, {@code t} being the same seconds.
 *   <li>The limit's store unreachable and its fallback {@code closed}: 503 {@code
 *       {"error":"rate_limit_unavailable","message"}} with {@code Retry-After: 5}; {@code open}: the
 *       request goes on uncounted, with {@code RateLimit-Policy} only. ({@code local} never gets
 *       here: the limiter counts in memory.)
 * </ul>
 */
public final class RateLimitRoutes implements HttpRoutes {

    /** Seconds a client should wait when a limit cannot be counted: an outage takes a while. */
    static final String RETRY_AFTER_UNAVAILABLE = "5";

    static final String POLICY = "RateLimit-Policy";
    static final String RATE_LIMIT = "RateLimit";

    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final RateLimiter limiter;
    private final Map<RouteGroup, Limited> limits = new EnumMap<>(RouteGroup.class);
    private final Function<Context, Optional<String>> principal;
    private final Function<Context, String> clientAddress;

    /**
     * @param limits the limit of each group; a group without one is not limited. Each limit is
     *     named after its group's {@link RouteGroup#id()}
     * @param principal the principal of the live session a request carries, if any (without
     *     answering 401)
     * @param clientAddress the client's address, e.g. {@code Context::ip}; behind proxies, the one
     *     they forwarded
     */
    public RateLimitRoutes(
            RateLimiter limiter,
            Map<RouteGroup, RateLimit> limits,
            Function<Context, Optional<String>> principal,
            Function<Context, String> clientAddress) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.principal = Objects.requireNonNull(principal, "principal");
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        limits.forEach((group, limit) -> {
            if (!limit.name().equals(group.id())) {
                throw new IllegalArgumentException("the limit of " + group.id() + " is named " + limit.name());
            }
            this.limits.put(group, new Limited(limit));
        });
    }

    @Override
    public void addTo(RoutesConfig routes) {
        if (limits.containsKey(RouteGroup.CONTENT_READ) || limits.containsKey(RouteGroup.CONTENT_WRITE)) {
            routes.before(
                    "/api/content/*",
                    ctx -> limit(
                            ctx, READS.contains(ctx.method()) ? RouteGroup.CONTENT_READ : RouteGroup.CONTENT_WRITE));
        }
        if (limits.containsKey(RouteGroup.RESERVATION)) {
            routes.before("/api/inventory/{sku}/reservations", ctx -> {
                if (ctx.method() == HandlerType.POST) {
                    limit(ctx, RouteGroup.RESERVATION);
                }
            });
        }
        if (limits.containsKey(RouteGroup.SESSIONS)) {
            routes.before("/api/sessions", ctx -> limit(ctx, RouteGroup.SESSIONS));
            routes.before("/api/sessions/*", ctx -> limit(ctx, RouteGroup.SESSIONS));
        }
    }

    private void limit(Context ctx, RouteGroup group) {
        Limited limited = limits.get(group);
        if (limited == null) {
            return;
        }
        ctx.header(POLICY, limited.policy);
        RateLimitResult result;
        try {
            result = limiter.tryAcquire(limited.limit, client(ctx));
        } catch (RateLimiterUnavailableException e) {
            if (limited.limit.fallback() == RateLimitFallback.OPEN) {
                return;
            }
            ctx.header(Header.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE);
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "rate_limit_unavailable",
                    "Requests of " + group.id() + " cannot be counted right now, so they are refused; retry shortly.");
        }
        if (result.allowed()) {
            ctx.header(RATE_LIMIT, limited.remainingPrefix + result.remaining());
            return;
        }
        String seconds = Long.toString(seconds(result.retryAfter()));
        ctx.header(RATE_LIMIT, limited.remainingPrefix + "0;t=" + seconds);
        ctx.header(Header.RETRY_AFTER, seconds);
        throw new ApiException(
                HttpStatus.TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests of " + group.id() + ": the limit is " + limited.limit.permits() + " per "
                        + seconds(limited.limit.window()) + " s; retry in " + seconds + " s.");
    }

    private String client(Context ctx) {
        return principal.apply(ctx).map(name -> "user:" + name).orElseGet(() -> "address:" + clientAddress.apply(ctx));
    }

    /** Whole seconds, rounded up, at least 1, as {@code Retry-After} and the header fields need. */
    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    /** A group's limit and its header values, computed once. */
    private static final class Limited {

        final RateLimit limit;
        final String policy;
        final String remainingPrefix;

        Limited(RateLimit limit) {
            this.limit = limit;
            String name = "\"" + limit.name() + "\"";
            this.policy = name + ";q=" + limit.permits() + ";w=" + seconds(limit.window());
            this.remainingPrefix = name + ";r=";
        }
    }
}
