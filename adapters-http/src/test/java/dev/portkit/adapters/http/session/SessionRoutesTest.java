package dev.portkit.adapters.http.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.http.TrustedProxies;
import dev.portkit.application.session.CurrentSession;
import dev.portkit.application.session.Login;
import dev.portkit.application.session.LoginLimits;
import dev.portkit.application.session.Logout;
import dev.portkit.application.session.LogoutEverywhere;
import dev.portkit.application.session.PasswordHasher;
import dev.portkit.domain.ratelimit.MapRateLimiter;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.testsupport.openapi.OpenApiContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Logging in and out over HTTP, and {@link Authentication} guarding a write route, on a real server
 * with in-process stores.
 */
class SessionRoutesTest {

    private static final OpenApiContract API =
            OpenApiContract.fromClasspath("openapi.yaml", "session-routes-test.yaml");

    private static final PasswordHasher HASHER = new PasswordHasher(1_000);
    private static final Map<String, String> USERS = Map.of("alice", HASHER.hash("wonderland".toCharArray()));
    /** The default limits of the service: 5 per username and 20 per client address a minute. */
    private static final LoginLimits LIMITS = new LoginLimits(
            new RateLimit("login-user", 5, Duration.ofMinutes(1)),
            new RateLimit("login-address", 20, Duration.ofMinutes(1)));

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient client = API.client();
    private HttpServer server;
    private URI base;

    private void start(boolean secureCookie) {
        start(secureCookie, TrustedProxies.NONE);
    }

    private void start(boolean secureCookie, TrustedProxies proxies) {
        MapSessionStore sessions = new MapSessionStore(
                new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)), Clock.systemUTC());
        CredentialStore credentials = new CredentialStore() {
            @Override
            public Optional<String> passwordHash(String username) {
                return Optional.ofNullable(USERS.get(username));
            }

            @Override
            public boolean hasUsers() {
                return true;
            }
        };
        SessionCookieSettings cookie = new SessionCookieSettings("portkit_session", secureCookie);
        Authentication authentication = new Authentication(new CurrentSession(sessions), cookie);
        Login login = new Login(credentials, HASHER, sessions, new MapRateLimiter(Clock.systemUTC()), LIMITS);
        SessionRoutes sessionRoutes =
                new SessionRoutes(login, new Logout(sessions), new LogoutEverywhere(sessions), authentication, cookie);
        // A stand-in for a content route group: public reads, writes behind a session.
        HttpRoutes notes = routes -> {
            routes.get("/api/notes", ctx -> ctx.json(List.of("public")));
            routes.get("/api/notes/{id}/comments", ctx -> ctx.json(List.of()));
            routes.post("/api/notes/{id}/comments", ctx -> ctx.status(201));
            routes.post(
                    "/api/notes",
                    ctx -> ctx.status(201)
                            .json(Map.of(
                                    "author",
                                    Authentication.session(ctx).principal().name())));
            routes.delete("/api/notes/{id}", ctx -> ctx.status(204));
        };
        server = new HttpServer(
                new HttpSettings("127.0.0.1", 0, 65_536, false, Duration.ofSeconds(5)).withTrustedProxies(proxies),
                List.of(sessionRoutes, notes, authentication.guardingWrites("/api/notes")),
                json,
                new SimpleMeterRegistry());
        base = URI.create("http://127.0.0.1:" + server.start());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void loginAnswersWithATokenAndAHardenedCookie() throws Exception {
        start(true);

        HttpResponse<String> response = logIn("alice", "wonderland");

        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = json.readTree(response.body());
        String token = body.get("token").asString();
        assertTrue(token.matches("[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{43}"), token);
        assertTrue(Instant.parse(body.get("expiresAt").asString()).isAfter(Instant.now()));
        assertEquals(
                "portkit_session=" + token + "; Path=/; HttpOnly; SameSite=Lax; Secure",
                response.headers().firstValue("Set-Cookie").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void theCookieCanDropSecureForLocalHttp() throws Exception {
        start(false);

        String cookie =
                logIn("alice", "wonderland").headers().firstValue("Set-Cookie").orElseThrow();

        assertFalse(cookie.contains("Secure"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        start(true);

        HttpResponse<String> wrongPassword = logIn("alice", "looking-glass");
        HttpResponse<String> unknownUser = logIn("mallory", "wonderland");

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownUser.statusCode());
        assertEquals(
                "{\"error\":\"invalid_credentials\",\"message\":\"Invalid username or password.\"}",
                wrongPassword.body());
        assertEquals(wrongPassword.body(), unknownUser.body());
        assertTrue(wrongPassword.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void malformedLoginRequestsAre400() throws Exception {
        start(true);

        for (String body : List.of(
                "",
                "not json",
                "{}",
                "{\"username\":\"alice\"}",
                "[1]",
                // one reader may take the first, another the last: no guessing which was meant
                "{\"username\":\"mallory\",\"username\":\"alice\",\"password\":\"wonderland\"}",
                "{\"username\":[\"alice\"],\"password\":\"wonderland\"}")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json"));
            assertEquals(400, response.statusCode(), body);
            assertTrue(response.body().contains("\"error\":\"invalid_request\""), response.body());
        }
    }

    @Test
    void aLoginBodyOverTheLimitIs413() throws Exception {
        start(true);
        String body = "{\"username\":\"alice\",\"password\":\"" + "x".repeat(70_000) + "\"}";

        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));

        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains("\"error\":\"payload_too_large\""), response.body());
    }

    @Test
    void currentSessionIsFoundByBearerTokenOrCookie() throws Exception {
        start(true);
        String token = tokenOf(logIn("alice", "wonderland"));

        HttpResponse<String> byBearer = send(get("/api/sessions/current").header("Authorization", "Bearer " + token));
        HttpResponse<String> byCookie = send(get("/api/sessions/current").header("Cookie", "portkit_session=" + token));

        assertEquals(200, byBearer.statusCode(), byBearer.body());
        assertEquals(200, byCookie.statusCode(), byCookie.body());
        JsonNode body = json.readTree(byBearer.body());
        assertEquals("alice", body.get("principal").asString());
        assertTrue(Instant.parse(body.get("absoluteExpiresAt").asString())
                .isAfter(Instant.parse(body.get("expiresAt").asString())));
        assertFalse(byBearer.body().contains(token), "the token is not echoed");
    }

    @Test
    void noOrBadTokenIs401() throws Exception {
        start(true);

        for (HttpRequest.Builder request : List.of(
                get("/api/sessions/current"),
                get("/api/sessions/current").header("Authorization", "Bearer nonsense"),
                get("/api/sessions/current").header("Authorization", "Basic YWxpY2U6d29uZGVybGFuZA=="),
                get("/api/sessions/current").header("Cookie", "portkit_session=AAAAAAAAAAAAAAAA." + "B".repeat(43)))) {
            HttpResponse<String> response = send(request);
            assertEquals(401, response.statusCode());
            assertEquals(
                    "{\"error\":\"unauthenticated\",\"message\":\"A valid session is required.\"}", response.body());
            assertEquals(
                    "Bearer", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        }
    }

    @Test
    void logInWriteLogOutAndBeRefusedTheNextWrite() throws Exception {
        start(true);
        assertEquals(200, send(get("/api/notes")).statusCode(), "reads are public");
        assertEquals(401, send(post("/api/notes", null)).statusCode(), "writes are not");
        assertEquals(401, send(delete("/api/notes/1", null)).statusCode());
        assertEquals(200, send(get("/api/notes/1/comments")).statusCode());
        assertEquals(401, send(post("/api/notes/1/comments", null)).statusCode(), "nested paths too");
        String token = tokenOf(logIn("alice", "wonderland"));

        HttpResponse<String> created = send(post("/api/notes", token));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("{\"author\":\"alice\"}", created.body());
        assertEquals(204, send(delete("/api/notes/1", token)).statusCode());
        assertEquals(201, send(post("/api/notes/1/comments", token)).statusCode());

        HttpResponse<String> loggedOut = send(delete("/api/sessions/current", token));
        assertEquals(204, loggedOut.statusCode());
        assertTrue(loggedOut.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));

        assertEquals(401, send(post("/api/notes", token)).statusCode(), "refused after logout");
        assertEquals(
                401,
                send(get("/api/sessions/current").header("Authorization", "Bearer " + token))
                        .statusCode());
        assertEquals(204, send(delete("/api/sessions/current", token)).statusCode(), "logging out twice is fine");
    }

    @Test
    void logOutEverywhereEndsEverySessionOfTheUser() throws Exception {
        start(true);
        String phone = tokenOf(logIn("alice", "wonderland"));
        String laptop = tokenOf(logIn("alice", "wonderland"));

        assertEquals(204, send(delete("/api/sessions", phone)).statusCode());

        assertEquals(401, send(post("/api/notes", laptop)).statusCode());
        assertEquals(401, send(delete("/api/sessions", phone)).statusCode(), "needs a session");
    }

    @Test
    void rapidBadLoginsForOneUserAreThrottledWithinTenAttempts() throws Exception {
        start(true);
        int attempts = 0;
        HttpResponse<String> response;
        do {
            response = logIn("alice", "guess-" + attempts);
            attempts++;
        } while (response.statusCode() == 401 && attempts < 10);

        assertEquals(429, response.statusCode(), "after " + attempts + " attempts: " + response.body());
        assertEquals(6, attempts, "5 a minute are allowed, the 6th is refused");
        long retryAfter =
                Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After: " + retryAfter);
        assertTrue(response.body().contains("\"error\":\"too_many_requests\""), response.body());
        assertEquals(429, logIn("alice", "wonderland").statusCode(), "even the right password waits");
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnLoginBudget() throws Exception {
        start(true, TrustedProxies.parse("127.0.0.1"));

        assertEquals(429, exhaustAddressBudget("198.51.100.1"), "the 21st attempt from one client");
        assertEquals(401, logIn("bob", "guess", "198.51.100.2").statusCode(), "another client is not throttled");
    }

    @Test
    void fromAnUntrustedConnectionForwardingHeadersAreIgnored() throws Exception {
        start(true);

        assertEquals(429, exhaustAddressBudget("198.51.100.1"));
        assertEquals(429, logIn("bob", "guess", "198.51.100.2").statusCode(), "a forged header buys no budget");
    }

    /** 21 bad logins for 21 users (the per-user limit is 5) from one client; the last one's status. */
    private int exhaustAddressBudget(String client) throws Exception {
        int status = 0;
        for (int i = 0; i <= 20; i++) {
            status = logIn("user" + i, "guess", client).statusCode();
        }
        return status;
    }

    private HttpResponse<String> logIn(String username, String password, String forwardedFor) throws Exception {
        String body = json.writeValueAsString(Map.of("username", username, "password", password));
        return send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor));
    }

    private HttpResponse<String> logIn(String username, String password) throws Exception {
        String body = json.writeValueAsString(Map.of("username", username, "password", password));
        return send(HttpRequest.newBuilder(base.resolve("/api/sessions"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    private String tokenOf(HttpResponse<String> login) {
        assertEquals(201, login.statusCode(), login.body());
        return json.readTree(login.body()).get("token").asString();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private HttpRequest.Builder post(String path, String token) {
        return withToken(
                HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString("{}")), token);
    }

    private HttpRequest.Builder delete(String path, String token) {
        return withToken(HttpRequest.newBuilder(base.resolve(path)).DELETE(), token);
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
