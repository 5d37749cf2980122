package dev.portkit.adapters.http.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.HttpServer;
import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.http.content.ContentRoutes;
import dev.portkit.adapters.http.session.Authentication;
import dev.portkit.adapters.http.session.SessionCookieSettings;
import dev.portkit.adapters.http.session.SessionRoutes;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.inmemory.content.InMemoryContentRepository;
import dev.portkit.adapters.inmemory.ratelimit.InMemoryRateLimiter;
import dev.portkit.application.content.ContentTypes;
import dev.portkit.application.content.CreateContent;
import dev.portkit.application.content.DeleteContent;
import dev.portkit.application.content.GetContent;
import dev.portkit.application.content.ListContent;
import dev.portkit.application.content.UpdateContent;
import dev.portkit.application.session.CurrentSession;
import dev.portkit.application.session.Login;
import dev.portkit.application.session.LoginLimits;
import dev.portkit.application.session.Logout;
import dev.portkit.application.session.LogoutEverywhere;
import dev.portkit.application.session.PasswordHasher;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.testing.MutableClock;
import dev.portkit.testsupport.openapi.OpenApiContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits over HTTP on a started server: the real content and session routes, the in-memory
 * limiter on a clock the test moves (so "after the window" needs no waiting), and the client
 * address taken from a test header through the same seam a trusted-proxy resolver plugs into.
 */
class RateLimitRoutesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PasswordHasher HASHER = new PasswordHasher(1_000);
    private static final String CLIENT = "X-Test-Client";

    private final MutableClock clock = MutableClock.startingNow();
    private static final OpenApiContract API = OpenApiContract.fromClasspath("openapi.yaml");

    private final HttpClient client = API.client();
    private HttpServer server;
    private URI base;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientGets429AtTheLimitWithTheHeadersAndPermitsBackAfterTheWindow() throws Exception {
        start(new InMemoryRateLimiter(clock), Map.of(RouteGroup.CONTENT_READ, limit("content-read", 3)));

        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> read = get("/api/content/event/unknown", "203.0.113.7");
            assertEquals(404, read.statusCode(), "the route answers as usual");
            assertEquals("\"content-read\";q=3;w=60", header(read, "RateLimit-Policy"));
            assertEquals("\"content-read\";r=" + remaining, header(read, "RateLimit"));
        }

        HttpResponse<String> limited = get("/api/content/event/unknown", "203.0.113.7");

        assertEquals(429, limited.statusCode());
        JsonNode body = JSON.readTree(limited.body());
        assertEquals("rate_limited", body.get("error").asString());
        assertTrue(body.get("message").asString().contains("content-read"), limited.body());
        assertTrue(header(limited, "Content-Type").startsWith("application/json"));
        long retryAfter = Long.parseLong(header(limited, "Retry-After"));
        assertTrue(retryAfter >= 60 && retryAfter <= 63, "a permit frees after the window: " + retryAfter);
        assertEquals("\"content-read\";r=0;t=" + retryAfter, header(limited, "RateLimit"));
        assertEquals("\"content-read\";q=3;w=60", header(limited, "RateLimit-Policy"));

        clock.advance(Duration.ofSeconds(retryAfter - 1));
        assertEquals(429, get("/api/content/event/unknown", "203.0.113.7").statusCode(), "not yet");
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> recovered = get("/api/content/event/unknown", "203.0.113.7");
        assertEquals(404, recovered.statusCode(), "recovered after the window");
        assertEquals("\"content-read\";r=2", header(recovered, "RateLimit"));
    }

    @Test
    void eachClientAndEachGroupHasItsOwnBudget() throws Exception {
        start(
                new InMemoryRateLimiter(clock),
                Map.of(
                        RouteGroup.CONTENT_READ, limit("content-read", 1),
                        RouteGroup.CONTENT_WRITE, limit("content-write", 1)));
        String alice = logIn();

        assertEquals(404, get("/api/content/event/x", "203.0.113.7").statusCode());
        assertEquals(429, get("/api/content/event/x", "203.0.113.7").statusCode());
        assertEquals(404, get("/api/content/event/x", "198.51.100.1").statusCode(), "another address");
        assertEquals(404, get("/api/content/event/x", "203.0.113.7", alice).statusCode(), "alice, from there too");
        assertEquals(429, get("/api/content/event/x", "198.51.100.2", alice).statusCode(), "alice, from anywhere");

        HttpResponse<String> write = send(request("/api/content/event", "203.0.113.7", alice)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"title\":\"x\"}}")));
        assertEquals(201, write.statusCode(), "writes have a budget of their own");
        assertEquals("\"content-write\";r=0", header(write, "RateLimit"));
    }

    @Test
    void aPublicReadWithAStaleTokenIsCountedByAddressAndNotRefused() throws Exception {
        start(new InMemoryRateLimiter(clock), Map.of(RouteGroup.CONTENT_READ, limit("content-read", 1)));

        String stale = "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertEquals(404, get("/api/content/event/x", "203.0.113.7", stale).statusCode());
        assertEquals(429, get("/api/content/event/x", "203.0.113.7").statusCode(), "the address's permit");
    }

    @Test
    void reservationsAndSessionsAreLimitedOnlyWhenConfigured() throws Exception {
        start(
                new InMemoryRateLimiter(clock),
                Map.of(RouteGroup.RESERVATION, limit("reservation", 1), RouteGroup.SESSIONS, limit("sessions", 2)));

        assertEquals(201, post("/api/inventory/TICKET-A/reservations").statusCode());
        HttpResponse<String> second = post("/api/inventory/TICKET-A/reservations");
        assertEquals(429, second.statusCode());
        assertEquals("\"reservation\";q=1;w=60", header(second, "RateLimit-Policy"));
        HttpResponse<String> stock = get("/api/inventory/TICKET-A", "203.0.113.7");
        assertEquals(200, stock.statusCode(), "reading stock is no reservation");
        assertTrue(stock.headers().firstValue("RateLimit").isEmpty());

        assertEquals(401, get("/api/sessions/current", "203.0.113.7").statusCode());
        assertEquals(401, get("/api/sessions/current", "203.0.113.7").statusCode());
        assertEquals(429, get("/api/sessions/current", "203.0.113.7").statusCode(), "the third session request");
        HttpResponse<String> read = get("/api/content/event/x", "203.0.113.7");
        assertEquals(404, read.statusCode(), "content reads are not limited here");
        assertTrue(read.headers().firstValue("RateLimit-Policy").isEmpty());
    }

    @Test
    void aClosedLimitRefusesWith503AndAnOpenOneLetsThroughWhileTheStoreIsDown() throws Exception {
        RateLimiter down = (limit, key) -> {
            throw new RateLimiterUnavailableException("Redis is unavailable", null);
        };
        start(
                down,
                Map.of(
                        RouteGroup.CONTENT_READ, limit("content-read", 3, RateLimitFallback.OPEN),
                        RouteGroup.RESERVATION, limit("reservation", 3, RateLimitFallback.CLOSED)));

        HttpResponse<String> refused = post("/api/inventory/TICKET-A/reservations");
        assertEquals(503, refused.statusCode());
        assertEquals(
                "rate_limit_unavailable",
                JSON.readTree(refused.body()).get("error").asString());
        assertEquals("5", header(refused, "Retry-After"));

        HttpResponse<String> through = get("/api/content/event/x", "203.0.113.7");
        assertEquals(404, through.statusCode(), "open: the read goes on");
        assertEquals("\"content-read\";q=3;w=60", header(through, "RateLimit-Policy"));
        assertFalse(through.headers().firstValue("RateLimit").isPresent(), "nothing was counted");
    }

    private void start(RateLimiter limiter, Map<RouteGroup, RateLimit> limits) {
        MapSessionStore sessions =
                new MapSessionStore(new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)), clock);
        SessionCookieSettings cookie = new SessionCookieSettings("portkit_session", false);
        Authentication authentication = new Authentication(new CurrentSession(sessions), cookie);
        Login login = new Login(
                credentials(),
                HASHER,
                sessions,
                new InMemoryRateLimiter(clock),
                new LoginLimits(
                        new RateLimit("login-user", 100, Duration.ofMinutes(1)),
                        new RateLimit("login-address", 100, Duration.ofMinutes(1))));
        // A stand-in for the inventory routes: stock reads and reservations.
        HttpRoutes inventory = routes -> {
            routes.get("/api/inventory/{sku}", ctx -> ctx.json(Map.of("sku", ctx.pathParam("sku"), "stock", 1)));
            routes.post(
                    "/api/inventory/{sku}/reservations",
                    ctx -> ctx.status(201).json(Map.of("sku", ctx.pathParam("sku"), "quantity", 1, "remaining", 0)));
        };
        RateLimitRoutes rateLimits = new RateLimitRoutes(
                limiter,
                new EnumMap<>(limits),
                ctx -> authentication
                        .sessionIfPresent(ctx)
                        .map(s -> s.principal().name()),
                ctx -> ctx.header(CLIENT));
        server = new HttpServer(
                new HttpSettings("127.0.0.1", 0, 65_536, false, Duration.ofSeconds(5)),
                List.of(
                        rateLimits,
                        contentRoutes(),
                        authentication.guardingWrites("/api/content"),
                        new SessionRoutes(
                                login, new Logout(sessions), new LogoutEverywhere(sessions), authentication, cookie),
                        inventory),
                JSON,
                new SimpleMeterRegistry());
        base = URI.create("http://127.0.0.1:" + server.start());
    }

    private static ContentRoutes contentRoutes() {
        ContentRepository repository = new InMemoryContentRepository(java.time.Clock.systemUTC());
        Cache cache = new CaffeineCache(CaffeineCacheSettings.ofEntries(1_000));
        ContentTypes types =
                new ContentTypes(Map.of(new ContentType("event"), Duration.ofMinutes(5)), Duration.ofSeconds(30));
        return new ContentRoutes(
                new GetContent(types, repository, cache),
                new ListContent(types, repository, cache),
                new CreateContent(types, repository, cache),
                new UpdateContent(types, repository, cache),
                new DeleteContent(types, repository, cache),
                JSON);
    }

    private static CredentialStore credentials() {
        String hash = HASHER.hash("wonderland".toCharArray());
        return new CredentialStore() {
            @Override
            public Optional<String> passwordHash(String username) {
                return username.equals("alice") ? Optional.of(hash) : Optional.empty();
            }

            @Override
            public boolean hasUsers() {
                return true;
            }
        };
    }

    private static RateLimit limit(String name, int permits) {
        return limit(name, permits, RateLimitFallback.LOCAL);
    }

    private static RateLimit limit(String name, int permits, RateLimitFallback fallback) {
        return new RateLimit(name, permits, Duration.ofMinutes(1), fallback);
    }

    private String logIn() throws Exception {
        HttpResponse<String> response = send(request("/api/sessions", "192.0.2.1", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}")));
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("token").asString();
    }

    private HttpResponse<String> get(String path, String address) throws Exception {
        return get(path, address, null);
    }

    private HttpResponse<String> get(String path, String address, String token) throws Exception {
        return send(request(path, address, token).GET());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return send(request(path, "203.0.113.7", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")));
    }

    private HttpRequest.Builder request(String path, String address, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header(CLIENT, address);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }
}
