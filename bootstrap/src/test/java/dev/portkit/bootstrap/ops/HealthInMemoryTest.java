package dev.portkit.bootstrap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.bootstrap.Api;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Health and metrics on the in-memory wiring: Redis is DISABLED, the service UP. */
class HealthInMemoryTest {

    private final HttpClient http = Api.client();
    private final JsonMapper json = JsonMapper.builder().build();
    private PortkitService service;
    private int port;

    @BeforeEach
    void start() {
        service = Components.create(
                        PortkitConfig.fromEnvironment(Map.of("PORT", "0", "HTTP_HOST", "127.0.0.1", "STORE", "memory")))
                .service();
        port = service.start();
    }

    @AfterEach
    void stop() {
        service.stop();
    }

    @Test
    void redisIsDisabledAndTheServiceUp() throws Exception {
        HttpResponse<String> redis = get("/health/redis");
        assertEquals(200, redis.statusCode());
        JsonNode body = json.readTree(redis.body());
        assertEquals("DISABLED", body.path("status").asString());
        assertEquals("in-memory", body.path("adapter").asString());

        assertEquals(404, get("/api/content/venue/nowhere").statusCode());
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        JsonNode report = json.readTree(health.body());
        assertEquals("UP", report.path("status").asString(), health.body());
        assertEquals(
                "DISABLED", report.path("checks").path("redis").path("status").asString());
        assertEquals(
                "DISABLED",
                report.path("checks").path("database").path("status").asString(),
                "STORE=memory");
        assertEquals(
                1,
                report.path("cache").path("content-item-venue").path("misses").asLong(),
                health.body());
        assertEquals(
                0.0,
                report.path("cache").path("content-item-venue").path("hitRate").asDouble());
    }

    @Test
    void metricsParseAndCountTheCaffeineCache() throws Exception {
        get("/api/content/venue/nowhere");
        get("/api/content/venue/nowhere");

        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        Map<String, Double> metrics = PrometheusText.parse(response.body());
        assertEquals(
                1.0, metrics.get("portkit_cache_hits_total{adapter=\"caffeine\",namespace=\"content-item-venue\"}"));
        assertEquals(
                1.0, metrics.get("portkit_cache_misses_total{adapter=\"caffeine\",namespace=\"content-item-venue\"}"));
        assertTrue(metrics.keySet().stream().noneMatch(name -> name.startsWith("portkit_redis_")));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                BodyHandlers.ofString());
    }
}
