package dev.portkit.adapters.http.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.http.ratelimit.RateLimitRoutes;
import dev.portkit.adapters.http.ratelimit.RouteGroup;
import dev.portkit.application.session.CurrentSession;
import dev.portkit.application.session.Login;
import dev.portkit.application.session.LoginLimits;
import dev.portkit.application.session.Logout;
import dev.portkit.application.session.LogoutEverywhere;
import dev.portkit.application.session.PasswordHasher;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionToken;
import dev.portkit.testsupport.openapi.OpenApiContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** When sessions cannot be checked, clients are told to retry (503), never that they are logged out. */
class UnreachableStoreTest {

    private static final OpenApiContract API = OpenApiContract.fromClasspath("openapi.yaml");

    private static final PasswordHasher HASHER = new PasswordHasher(1_000);

    private final HttpClient client = API.client();
    private final String token =
            SessionToken.issue(new Principal("alice"), new SecureRandom()).value();
    private final UnreachableSessionStore unreachable = new UnreachableSessionStore();
    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() {
        CredentialStore credentials = new CredentialStore() {
            @Override
            public Optional<String> passwordHash(String username) {
                return Optional.of(HASHER.hash("wonderland".toCharArray()));
            }

            @Override
            public boolean hasUsers() {
                return true;
            }
        };
        SessionCookieSettings cookie = new SessionCookieSettings("portkit_session", true);
        Login login = new Login(
                credentials,
                HASHER,
                unreachable,
                (limit, key) -> RateLimitResult.allowed(1),
                new LoginLimits(
                        new RateLimit("login-user", 5, Duration.ofMinutes(1)),
                        new RateLimit("login-address", 20, Duration.ofMinutes(1))));
        Authentication authentication = new Authentication(new CurrentSession(unreachable), cookie);
        // Limited by principal, as the service wires it: the limit looks the session up before the route does.
        RateLimitRoutes rateLimits = new RateLimitRoutes(
                (limit, key) -> RateLimitResult.allowed(1),
                Map.of(RouteGroup.SESSIONS, new RateLimit("sessions", 100, Duration.ofMinutes(1))),
                ctx -> authentication
                        .sessionIfPresent(ctx)
                        .map(s -> s.principal().name()),
                ctx -> "203.0.113.7");
        server = new HttpServer(
                new HttpSettings("127.0.0.1", 0, 65_536, false, Duration.ofSeconds(5)),
                List.of(
                        rateLimits,
                        new SessionRoutes(
                                login,
                                new Logout(unreachable),
                                new LogoutEverywhere(unreachable),
                                authentication,
                                cookie)),
                JsonMapper.builder().build(),
                new SimpleMeterRegistry());
        base = URI.create("http://127.0.0.1:" + server.start());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everySessionEndpointAnswers503() throws Exception {
        List<HttpRequest.Builder> requests = List.of(
                HttpRequest.newBuilder(base.resolve("/api/sessions"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"alice\",\"password\":\"wonderland\"}")),
                HttpRequest.newBuilder(base.resolve("/api/sessions/current")).GET(),
                HttpRequest.newBuilder(base.resolve("/api/sessions/current")).DELETE(),
                HttpRequest.newBuilder(base.resolve("/api/sessions")).DELETE());
        for (HttpRequest.Builder request : requests) {
            HttpResponse<String> response = client.send(
                    request.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(503, response.statusCode(), response.body());
            assertEquals(
                    "{\"error\":\"session_store_unavailable\",\"message\":\"Sessions cannot be checked right now."
                            + " Try again shortly.\"}",
                    response.body());
            assertTrue(response.headers().firstValue("Retry-After").isPresent(), "a 503 says when to retry");
        }
    }

    /**
     * The rate limit and the route both want the session; a store that is down is asked once per request, so
     * that a request waits for one timeout (say {@code DATABASE_CONNECT_TIMEOUT}), not two.
     */
    @Test
    void aStoreThatIsDownIsAskedOncePerRequest() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(base.resolve("/api/sessions/current"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(503, response.statusCode(), response.body());
        assertEquals(1, unreachable.finds.get(), "lookups of the session");
    }

    /** A store whose backend is down. */
    private static final class UnreachableSessionStore implements SessionStore {

        final AtomicInteger finds = new AtomicInteger();

        private static SessionStoreUnavailableException down() {
            return new SessionStoreUnavailableException("down", null);
        }

        @Override
        public IssuedSession create(Principal principal, Map<String, String> attributes) {
            throw down();
        }

        @Override
        public Optional<Session> find(SessionToken token) {
            finds.incrementAndGet();
            throw down();
        }

        @Override
        public Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
            throw down();
        }

        @Override
        public boolean delete(SessionToken token) {
            throw down();
        }

        @Override
        public List<Session> sessionsOf(Principal principal) {
            throw down();
        }

        @Override
        public int deleteAll(Principal principal) {
            throw down();
        }
    }
}
