package dev.portkit.bootstrap.content;

import static dev.portkit.bootstrap.content.ContentApiClient.header;
import static dev.portkit.bootstrap.content.ContentApiClient.json;
import static dev.portkit.bootstrap.content.ContentApiClient.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestEnvironment;
import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The whole service on a Sentinel-monitored Redis and on a Redis Cluster, configured with only the variables
 * the README names for them ({@code REDIS_URL=redis-sentinel://...#master}, or {@code REDIS_CLUSTER_NODES} and
 * {@code REDIS_PASSWORD}): it serves content (cached in Redis), sessions and reservations, and {@code
 * /health/redis} describes the topology.
 */
class ServiceOnRedisTopologiesIT {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private final HttpClient http = Api.client();

    @ParameterizedTest
    @EnumSource(
            value = Topology.class,
            names = {"SENTINEL", "CLUSTER"})
    void servesContentSessionsAndReservations(Topology topology) throws Exception {
        PortkitConfig config = PortkitConfig.fromEnvironment(
                TestEnvironment.onRedis(redis.environment(topology), "AUTH_USERS", TestUser.AUTH_USERS));
        assertEquals(AdapterChoice.REDIS, config.adapter());
        PortkitService service = Components.create(config).service();
        int port = service.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        try {
            ContentApiClient api = new ContentApiClient(port);
            api.logIn();
            String location = api.create("event", "{\"title\":\"Opening\"}");
            assertEquals("MISS", header(api.get(location), "X-Cache"));
            assertEquals("HIT", header(api.get(location), "X-Cache"));
            api.put(location, "{\"title\":\"Opening night\"}");
            HttpResponse<String> updated = api.get(location);
            assertEquals(2, version(updated));
            assertEquals(
                    "{\"title\":\"Opening night\"}", json(updated).get("data").toString());

            String token = TestUser.logIn(http, base);
            assertEquals(
                    200,
                    send(base, "PUT", "/api/inventory/TICKET-A", token, "{\"stock\": 3}")
                            .statusCode());
            HttpResponse<String> reserved =
                    send(base, "POST", "/api/inventory/TICKET-A/reservations", token, "{\"quantity\": 2}");
            assertEquals(201, reserved.statusCode(), reserved.body());
            assertEquals(
                    200, send(base, "GET", "/api/sessions/current", token, null).statusCode());

            HttpResponse<String> health = send(base, "GET", "/health/redis", null, null);
            assertEquals(200, health.statusCode(), health.body());
            JsonNode redisHealth = json(health);
            assertEquals("UP", redisHealth.path("status").asString());
            assertEquals(
                    topology.name().toLowerCase(java.util.Locale.ROOT),
                    redisHealth.path("mode").asString());
            if (topology == Topology.SENTINEL) {
                assertEquals(
                        "127.0.0.1:" + redis.sentinel().masterPort(),
                        redisHealth.path("master").asString());
            } else {
                assertEquals("ok", redisHealth.path("clusterState").asString());
                assertEquals(16_384, redisHealth.path("slotsOk").asInt());
                assertEquals(6, redisHealth.path("knownNodes").asInt());
            }
            assertFalse(health.body().contains("password"), health.body());
            assertTrue(health.body().contains(redis.keyPrefix()), health.body());
        } finally {
            service.stop();
        }
    }

    private HttpResponse<String> send(URI base, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
