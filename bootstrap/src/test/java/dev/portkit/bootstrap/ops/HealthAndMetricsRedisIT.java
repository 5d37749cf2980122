package dev.portkit.bootstrap.ops;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /health}, {@code /health/redis} and {@code /metrics} over HTTP while Redis is up, then
 * stopped, then back: UP, then DEGRADED with the fallback active (Redis itself DOWN), then UP.
 */
class HealthAndMetricsRedisIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String HITS = "portkit_cache_hits_total{adapter=\"redis\",namespace=\"content-item-event\"}";
    private static final String MISSES =
            "portkit_cache_misses_total{adapter=\"redis\",namespace=\"content-item-event\"}";

    private final HttpClient http = Api.checked(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
    private final JsonMapper json = JsonMapper.builder().build();
    private PortkitService service;
    private int port;

    @BeforeEach
    void start() {
        redis.server().start();
        PortkitConfig config = PortkitConfig.fromEnvironment(TestEnvironment.onRedis(
                redis.environment(RedisExtension.Topology.STANDALONE),
                "REDIS_BREAKER_MIN_CALLS",
                "3",
                "REDIS_BREAKER_OPEN_WAIT",
                "500ms"));
        service = Components.create(config).service();
        port = service.start();
    }

    @AfterEach
    void stop() {
        service.stop();
        redis.server().start();
    }

    @Test
    void upThenDegradedWhileRedisIsStoppedThenUpAgain() throws Exception {
        // Up: one cached miss for an unknown id, then a hit for it.
        assertEquals(404, get("/api/content/event/no-such-event").statusCode());
        assertEquals(404, get("/api/content/event/no-such-event").statusCode());

        HttpResponse<String> redisUp = await("/health/redis", r -> r.statusCode() == 200);
        JsonNode up = json.readTree(redisUp.body());
        assertEquals("UP", up.path("status").asString());
        assertEquals("standalone", up.path("mode").asString());
        assertTrue(up.path("version").asString().matches("\\d+\\.\\d+.*"), redisUp.body());
        assertTrue(up.path("usedMemory").asLong() > 0, redisUp.body());
        assertTrue(up.has("uptimeSeconds") && up.has("latencyMs"), redisUp.body());
        assertEquals(redis.keyPrefix(), up.path("keyPrefix").asString());

        HttpResponse<String> healthUp = get("/health");
        assertEquals(200, healthUp.statusCode());
        JsonNode report = json.readTree(healthUp.body());
        assertEquals("UP", report.path("status").asString(), healthUp.body());
        assertEquals("UP", report.path("checks").path("redis").path("status").asString());
        JsonNode events = report.path("cache").path("content-item-event");
        assertTrue(events.path("hits").asLong() >= 1 && events.path("misses").asLong() >= 1, healthUp.body());
        assertTrue(
                events.path("hitRate").asDouble() > 0 && events.path("hitRate").asDouble() < 1, healthUp.body());

        Map<String, Double> metrics = metrics();
        assertTrue(metrics.get(HITS) >= 1, HITS);
        assertTrue(metrics.get(MISSES) >= 1, MISSES);
        assertTrue(
                metrics.containsKey("portkit_cache_loads_total{adapter=\"redis\",namespace=\"content-page-article\"}"));
        assertEquals(0.0, metrics.get("portkit_redis_circuit_open"));
        assertEquals(0.0, metrics.get("portkit_redis_fallback_active"));
        assertTrue(metrics.keySet().stream().anyMatch(s -> s.startsWith("http_server_requests_seconds_count{")));
        assertTrue(metrics.keySet().stream().anyMatch(s -> s.startsWith("jvm_memory_used_bytes{")));
        assertTrue(
                metrics.keySet().stream()
                        .anyMatch(s -> s.startsWith("lettuce_command_completion_seconds_count{")
                                && s.contains("command=\"PING\"")),
                "Redis command latency");

        // Stopped: Redis is DOWN at once; requests fail over to the fallback until the breaker opens.
        redis.server().stop();
        HttpResponse<String> redisDown = await("/health/redis", r -> {
            get("/api/content/event/other-" + System.nanoTime());
            return r.statusCode() == 503
                    && json.readTree(r.body()).path("fallbackActive").asBoolean();
        });
        JsonNode down = json.readTree(redisDown.body());
        assertEquals("DOWN", down.path("status").asString(), redisDown.body());
        assertTrue(down.path("fallbackActive").asBoolean(), redisDown.body());
        assertTrue(down.has("since") && down.has("lastError"), redisDown.body());
        assertTrue(!down.has("version") && !down.has("latencyMs"), redisDown.body());

        HttpResponse<String> healthDegraded = get("/health");
        assertEquals(200, healthDegraded.statusCode(), "the fallback is serving");
        JsonNode degraded = json.readTree(healthDegraded.body());
        assertEquals("DEGRADED", degraded.path("status").asString(), healthDegraded.body());
        assertTrue(
                degraded.path("checks")
                        .path("redis")
                        .path("details")
                        .path("fallbackActive")
                        .asBoolean(),
                healthDegraded.body());
        assertEquals(404, get("/api/content/event/no-such-event").statusCode(), "served without Redis");

        Map<String, Double> outage = metrics();
        assertEquals(1.0, outage.get("portkit_redis_fallback_active"));
        assertTrue(outage.get("portkit_redis_outages_total") >= 1);

        // Restarted: the circuit's probe closes it again by itself.
        redis.server().start();
        HttpResponse<String> redisBack = await("/health/redis", r -> r.statusCode() == 200);
        assertEquals("UP", json.readTree(redisBack.body()).path("status").asString());
        HttpResponse<String> healthBack = get("/health");
        assertEquals(200, healthBack.statusCode());
        assertEquals("UP", json.readTree(healthBack.body()).path("status").asString(), healthBack.body());

        Map<String, Double> back = metrics();
        assertEquals(0.0, back.get("portkit_redis_fallback_active"));
        assertEquals(0.0, back.get("portkit_redis_circuit_open"));
        assertTrue(back.get(HITS) >= metrics.get(HITS), "counters never go down");
    }

    private Map<String, Double> metrics() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return PrometheusText.parse(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return http.send(request, BodyHandlers.ofString());
    }

    private HttpResponse<String> await(String path, Check condition) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        HttpResponse<String> response = get(path);
        while (!condition.test(response)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting on " + path + ": " + response.body());
            }
            Thread.sleep(100);
            response = get(path);
        }
        return response;
    }

    @FunctionalInterface
    private interface Check {
        boolean test(HttpResponse<String> response) throws Exception;
    }
}
