package dev.portkit.bootstrap.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestEnvironment;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the whole service on one redis-server, as two pods behind a load balancer: a
 * client's requests, spread over both, share one budget; refusals show in each instance's metrics;
 * and while Redis is stopped each group does what its fallback says, as {@code /health} reports.
 */
class TwoInstancesRateLimitIT {

    /** Its own Redis: a test stops it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = Api.checked(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
    private final List<PortkitService> services = new ArrayList<>();
    private final List<URI> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(PortkitService::stop);
        redis.server().start();
    }

    @Test
    void aClientSpreadOverTwoInstancesGetsOneBudget() throws Exception {
        String prefix = "two-" + System.nanoTime() + ":";
        start(2, prefix, Map.of("RATE_LIMITS", "content-read=10/1m"));

        Map<Integer, Integer> statuses = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get(instances.get(i % 2), "/api/content/event/nothing-" + i);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertEquals("\"content-read\";q=10;w=60", header(response, "RateLimit-Policy"));
        }

        assertEquals(Map.of(404, 10, 429, 20), statuses, "ten reads between the two, then refusals");
        double rejected = rejections(instances.get(0)) + rejections(instances.get(1));
        assertEquals(20.0, rejected, "each instance counts its own refusals");
    }

    @Test
    void leasedPermitsNeverAddUpToMoreThanTheLimit() throws Exception {
        String prefix = "lease-" + System.nanoTime() + ":";
        // Leases of up to 100 of the 1 000 permits.
        start(2, prefix, Map.of("RATE_LIMITS", "content-read=1000/1m", "RATE_LIMIT_PREALLOCATE", "10"));

        int served = 0;
        for (int i = 0; i < 1_300; i++) {
            if (get(instances.get((i / 7) % 2), "/api/content/event/x").statusCode() == 404) {
                served++;
            }
        }

        assertTrue(served <= 1_000, "never over the limit: " + served);
        assertTrue(served >= 1_000 - 99, "at most one instance's lease unused: " + served);
    }

    @Test
    void whileRedisIsDownEachGroupFallsBackAsConfiguredAndHealthSaysSo() throws Exception {
        String prefix = "down-" + System.nanoTime() + ":";
        start(
                1,
                prefix,
                Map.of(
                        "RATE_LIMITS", "content-read=100/1m,reservation=100/1m",
                        "REDIS_BREAKER_MIN_CALLS", "2",
                        "REDIS_BREAKER_OPEN_WAIT", "500ms"));
        URI instance = instances.get(0);
        JsonNode up = health(instance).path("checks").path("ratelimit");
        assertEquals("UP", up.path("status").asString(), up.toString());
        assertEquals(
                "redis",
                up.path("details")
                        .path("limits")
                        .path("content-read")
                        .path("active")
                        .asString());
        assertEquals(
                "100/1m",
                up.path("details")
                        .path("limits")
                        .path("content-read")
                        .path("limit")
                        .asString());

        redis.server().stop();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        JsonNode down = health(instance).path("checks").path("ratelimit");
        while (!down.path("status").asString().equals("DEGRADED")) {
            assertTrue(System.nanoTime() < deadline, "the fallback did not take over: " + down);
            get(instance, "/api/content/event/x");
            down = health(instance).path("checks").path("ratelimit");
        }

        JsonNode limits = down.path("details").path("limits");
        assertEquals("local", limits.path("content-read").path("active").asString(), down.toString());
        assertEquals("closed", limits.path("reservation").path("active").asString(), down.toString());
        assertEquals("local", limits.path("login-user").path("active").asString(), down.toString());
        HttpResponse<String> read = get(instance, "/api/content/event/x");
        assertEquals(404, read.statusCode(), "reads count locally and go on");
        assertTrue(header(read, "RateLimit").startsWith("\"content-read\";r="), "counted here");
        HttpResponse<String> reservation =
                send(HttpRequest.newBuilder(instance.resolve("/api/inventory/A/reservations"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")));
        assertEquals(503, reservation.statusCode(), "reservations are refused, never 500");
        assertEquals(
                "rate_limit_unavailable",
                JSON.readTree(reservation.body()).path("error").asString());
        assertEquals("5", header(reservation, "Retry-After"));
    }

    private void start(int count, String prefix, Map<String, String> variables) {
        for (int i = 0; i < count; i++) {
            Map<String, String> environment = TestEnvironment.onRedis(
                    redis.environment(RedisExtension.Topology.STANDALONE),
                    "REDIS_KEY_PREFIX",
                    redis.keyPrefix() + prefix);
            environment.putAll(variables);
            PortkitService service = Components.create(PortkitConfig.fromEnvironment(environment))
                    .service();
            services.add(service);
            instances.add(URI.create("http://127.0.0.1:" + service.start()));
        }
    }

    private double rejections(URI instance) throws Exception {
        String metrics = get(instance, "/metrics").body();
        Matcher m = Pattern.compile("(?m)^portkit_ratelimit_rejections_total\\{limit=\"content-read\"} (\\S+)$")
                .matcher(metrics);
        assertTrue(m.find(), "the counter is exported");
        return Double.parseDouble(m.group(1));
    }

    private JsonNode health(URI instance) throws Exception {
        return JSON.readTree(get(instance, "/health").body());
    }

    private HttpResponse<String> get(URI instance, String path) throws Exception {
        return send(HttpRequest.newBuilder(instance.resolve(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
    }
}
