package dev.portkit.adapters.http.session;

import dev.portkit.adapters.http.ApiException;
import dev.portkit.adapters.http.ClientAddress;
import dev.portkit.adapters.http.ErrorResponses;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.JsonInput;
import dev.portkit.application.session.InvalidCredentialsException;
import dev.portkit.application.session.Login;
import dev.portkit.application.session.LoginAttempt;
import dev.portkit.application.session.LoginThrottledException;
import dev.portkit.application.session.Logout;
import dev.portkit.application.session.LogoutEverywhere;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Session;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Log in and out.
 *
 * <ul>
 *   <li>{@code POST /api/sessions} {@code {"username","password"}}: 201 {@code {"token","expiresAt"}}
 *       and the session cookie; 401 {@code invalid_credentials} for any wrong username or password;
 *       429 {@code too_many_requests} with {@code Retry-After} (seconds) when throttled.
 *   <li>{@code GET /api/sessions/current}: 200 {@code {"principal","createdAt","expiresAt",
 *       "absoluteExpiresAt"}}, or 401.
 *   <li>{@code DELETE /api/sessions/current}: 204; ends the session the request carries, if any,
 *       and clears the cookie.
 *   <li>{@code DELETE /api/sessions}: 204; ends every session of the caller ("log out everywhere"),
 *       or 401.
 * </ul>
 *
 * 503 {@code session_store_unavailable} when a session cannot be checked or ended because the store
 * is unreachable. Times are ISO-8601 instants.
 */
public final class SessionRoutes implements HttpRoutes {

    static final int MAX_USERNAME = 256;
    static final int MAX_PASSWORD = 4096;

    private final Login login;
    private final Logout logout;
    private final LogoutEverywhere logoutEverywhere;
    private final Authentication authentication;
    private final SessionCookieSettings cookie;

    public SessionRoutes(
            Login login,
            Logout logout,
            LogoutEverywhere logoutEverywhere,
            Authentication authentication,
            SessionCookieSettings cookie) {
        this.login = Objects.requireNonNull(login, "login");
        this.logout = Objects.requireNonNull(logout, "logout");
        this.logoutEverywhere = Objects.requireNonNull(logoutEverywhere, "logoutEverywhere");
        this.authentication = Objects.requireNonNull(authentication, "authentication");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/api/sessions", this::logIn);
        routes.get("/api/sessions/current", this::current);
        routes.head("/api/sessions/current", this::current);
        routes.delete("/api/sessions/current", this::logOut);
        routes.delete("/api/sessions", this::logOutEverywhere);
    }

    @Override
    public void mapErrors(ErrorResponses errors) {
        errors.map(
                        InvalidCredentialsException.class,
                        HttpStatus.UNAUTHORIZED,
                        "invalid_credentials",
                        e -> "Invalid username or password.")
                .map(
                        LoginThrottledException.class,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too_many_requests",
                        e -> "Too many login attempts. Try again later.",
                        (e, ctx) -> ctx.header(
                                Header.RETRY_AFTER,
                                Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000))));
    }

    /** The login request body. */
    record Credentials(String username, String password) {}

    /** The login response body. */
    record Issued(String token, String expiresAt) {}

    /** The current session, without its id or token. */
    record Current(String principal, String createdAt, String expiresAt, String absoluteExpiresAt) {}

    private void logIn(Context ctx) {
        Credentials credentials = credentials(ctx);
        IssuedSession issued =
                login.login(new LoginAttempt(credentials.username(), credentials.password(), ClientAddress.of(ctx)));
        ctx.header("Set-Cookie", cookie.issue(issued.token().value()));
        ctx.header("Cache-Control", "no-store");
        ctx.status(HttpStatus.CREATED)
                .json(new Issued(
                        issued.token().value(), issued.session().expiresAt().toString()));
    }

    private void current(Context ctx) {
        Session session = authentication.authenticate(ctx);
        ctx.header("Cache-Control", "no-store");
        ctx.json(new Current(
                session.principal().name(),
                session.createdAt().toString(),
                session.expiresAt().toString(),
                session.absoluteExpiresAt().toString()));
    }

    private void logOut(Context ctx) {
        authentication.tokenOf(ctx).ifPresent(logout::logout);
        ctx.header("Set-Cookie", cookie.clear());
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private void logOutEverywhere(Context ctx) {
        Session session = authentication.authenticate(ctx);
        logoutEverywhere.logoutEverywhere(session.principal());
        ctx.header("Set-Cookie", cookie.clear());
        ctx.status(HttpStatus.NO_CONTENT);
    }

    private static Credentials credentials(Context ctx) {
        JsonNode body;
        try {
            body = JsonInput.read(ctx.bodyAsBytes(), "invalid_request");
        } catch (ApiException e) {
            throw invalidRequest();
        }
        Credentials credentials = body.isObject()
                        && body.path("username").isString()
                        && body.path("password").isString()
                ? new Credentials(
                        body.get("username").asString(), body.get("password").asString())
                : null;
        if (credentials == null
                || credentials.username().isEmpty()
                || credentials.username().length() > MAX_USERNAME
                || credentials.password().length() > MAX_PASSWORD
                || !JsonInput.validUnicode(credentials.username())
                || !JsonInput.validUnicode(credentials.password())) {
            throw invalidRequest();
        }
        return credentials;
    }

    private static ApiException invalidRequest() {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "invalid_request",
                "Expected a JSON body {\"username\": \"...\", \"password\": \"...\"}: a username of 1 to "
                        + MAX_USERNAME + " characters and a password of at most " + MAX_PASSWORD
                        + ", as valid Unicode.");
    }
}
