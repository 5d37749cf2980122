package dev.portkit.adapters.http.session;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.application.session.CurrentSession;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionToken;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the session a request carries, for any route group: as {@code Authorization: Bearer
 * TOKEN} or as the session cookie (the header wins when both are sent).
 *
 * <pre>{@code
 * // one route group that guards the writes of others (bootstrap adds it to the server):
 * HttpRoutes guard = authentication.guardingWrites("/api/content", "/api/inventory");
 * // or inside a route group of its own:
 * routes.before("/api/content/*", authentication.requireForWrites());
 * // in a handler behind it:
 * Session session = Authentication.session(ctx);
 * }</pre>
 *
 * Without a live session the request ends with 401 {@code {"error":"unauthenticated"}} and {@code
 * WWW-Authenticate: Bearer}; when the session store cannot be reached, its {@code
 * SessionStoreUnavailableException} becomes 503 (see {@code HttpServer.commonErrors()}). A successful check
 * slides the session's idle expiry.
 */
public final class Authentication {

    private static final String SESSION = Authentication.class.getName() + ".session";
    private static final String TOKEN = Authentication.class.getName() + ".token";
    /** The store's failure when {@link #sessionIfPresent} could not check: asked again, it would wait again. */
    private static final String UNAVAILABLE = Authentication.class.getName() + ".unavailable";

    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final CurrentSession currentSession;
    private final SessionCookieSettings cookie;

    public Authentication(CurrentSession currentSession, SessionCookieSettings cookie) {
        this.currentSession = Objects.requireNonNull(currentSession, "currentSession");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
    }

    /** A {@code before} handler: every request needs a live session. */
    public Handler require() {
        return this::authenticate;
    }

    /**
     * A {@code before} handler: writes ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE})
     * need a live session; {@code GET}, {@code HEAD} and {@code OPTIONS} stay public.
     */
    public Handler requireForWrites() {
        return ctx -> {
            if (!READS.contains(ctx.method())) {
                authenticate(ctx);
            }
        };
    }

    /**
     * A route group that puts the writes under each path behind a session: the path itself and
     * everything below it. Reads stay public. Before-handlers run ahead of every endpoint whatever
     * the order the groups were added in.
     *
     * @param paths route paths without a trailing slash, e.g. {@code /api/content}
     */
    public HttpRoutes guardingWrites(String... paths) {
        List<String> guarded = List.of(paths);
        for (String path : guarded) {
            if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
                throw new IllegalArgumentException("expected a path like /api/content, was " + path);
            }
        }
        return routes -> {
            for (String path : guarded) {
                routes.before(path, requireForWrites());
                routes.before(path + "/*", requireForWrites());
            }
        };
    }

    /**
     * The live session of the request, stored in the context for later handlers.
     *
     * @throws ApiException 401 without a live session, 503 if the session store is unreachable
     */
    public Session authenticate(Context ctx) {
        Session known = ctx.attribute(SESSION);
        if (known != null) {
            return known;
        }
        RuntimeException unavailable = ctx.attribute(UNAVAILABLE);
        if (unavailable != null) {
            throw unavailable;
        }
        SessionToken token = tokenOf(ctx).orElseThrow(() -> unauthenticated(ctx));
        Session session = currentSession.find(token).orElseThrow(() -> unauthenticated(ctx));
        ctx.attribute(SESSION, session);
        ctx.attribute(TOKEN, token);
        return session;
    }

    /**
     * The live session the request carries, if any, for routes open to everyone (e.g. to rate-limit
     * a client by its principal): never answers 401, and a store that cannot be reached counts as no
     * session (nor does an unreachable database). A session found is kept for later handlers, as {@link #authenticate} keeps it;
     * so is the store's failure, which a later {@link #authenticate} throws without asking the store again.
     */
    public Optional<Session> sessionIfPresent(Context ctx) {
        Session known = ctx.attribute(SESSION);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<SessionToken> token = tokenOf(ctx);
        if (token.isEmpty() || ctx.attribute(UNAVAILABLE) != null) {
            return Optional.empty();
        }
        Optional<Session> session;
        try {
            session = currentSession.find(token.get());
        } catch (SessionStoreUnavailableException | SourceOfTruthUnavailableException e) {
            ctx.attribute(UNAVAILABLE, e);
            return Optional.empty();
        }
        session.ifPresent(found -> {
            ctx.attribute(SESSION, found);
            ctx.attribute(TOKEN, token.get());
        });
        return session;
    }

    /**
     * The session that {@link #require()} or {@link #requireForWrites()} found for this request.
     *
     * @throws IllegalStateException if the route is not behind one of them
     */
    public static Session session(Context ctx) {
        Session session = ctx.attribute(SESSION);
        if (session == null) {
            throw new IllegalStateException("no authenticated session: is the route behind Authentication?");
        }
        return session;
    }

    /** The token the request carried, well-formed but not checked against the store. */
    public Optional<SessionToken> tokenOf(Context ctx) {
        SessionToken checked = ctx.attribute(TOKEN);
        if (checked != null) {
            return Optional.of(checked);
        }
        String header = ctx.header("Authorization");
        if (header != null) {
            int space = header.indexOf(' ');
            if (space > 0 && header.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
                return SessionToken.parse(header.substring(space + 1).strip());
            }
            return Optional.empty();
        }
        return SessionToken.parse(ctx.cookie(cookie.name()));
    }

    private static ApiException unauthenticated(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid session is required.");
    }
}
