package dev.portkit.adapters.http.session;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.application.session.CurrentSession;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionToken;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the session a request carries, for any route group: as {@code Authorization: Bearer
 * TOKEN} or as the session cookie (the header wins when both are sent).
 *
 * <pre>{@code
 * routes.before("/api/content", authentication.requireForWrites());
 * routes.before("/api/content/*", authentication.requireForWrites());
 * ...
 * Session session = Authentication.session(ctx); // in a handler behind it
 * }</pre>
 *
 * Without a live session the request ends with 401 {@code {"error":"unauthenticated"}} and {@code
 * WWW-Authenticate: Bearer}; when the session store cannot be reached, 503. A successful check
 * slides the session's idle expiry.
 */
public final class Authentication {

    private static final String SESSION = Authentication.class.getName() + ".session";
    private static final String TOKEN = Authentication.class.getName() + ".token";
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
     * The live session of the request, stored in the context for later handlers.
     *
     * @throws ApiException 401 without a live session, 503 if the session store is unreachable
     */
    public Session authenticate(Context ctx) {
        Session known = ctx.attribute(SESSION);
        if (known != null) {
            return known;
        }
        SessionToken token = tokenOf(ctx).orElseThrow(() -> unauthenticated(ctx));
        Session session;
        try {
            session = currentSession.find(token).orElseThrow(() -> unauthenticated(ctx));
        } catch (SessionStoreUnavailableException e) {
            throw storeUnavailable();
        }
        ctx.attribute(SESSION, session);
        ctx.attribute(TOKEN, token);
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

    static ApiException storeUnavailable() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "session_store_unavailable",
                "Sessions cannot be checked right now. Try again shortly.");
    }

    private static ApiException unauthenticated(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid session is required.");
    }
}
