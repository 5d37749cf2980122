package dev.portkit.bootstrap.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestEnvironment;
import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole service on its Redis wiring, with Redis stopped: reservations fail closed with 503 and
 * {@code Retry-After} at once (no in-process lock, no waiting out the lock wait), reads still work,
 * and reservations come back with Redis.
 */
class InventoryRedisDownIT {

    private static final Logger log = LoggerFactory.getLogger(InventoryRedisDownIT.class);

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    /** Far longer than failing fast can take: a 503 sooner proves the request did not wait for the lock. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final HttpClient http = Api.client();
    private PortkitService service;
    private String base;
    private String token;

    @AfterEach
    void stop() {
        redis.server().start();
        if (service != null) {
            service.stop();
        }
    }

    @Test
    void withRedisStoppedAReservationIs503AtOnceAndWorksAgainWhenRedisIsBack() throws Exception {
        start();
        assertEquals(
                200, send("PUT", "/api/inventory/TICKET-A", "{\"stock\": 10}").statusCode());
        assertEquals(201, reserve().statusCode());

        redis.server().stop();

        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = reserve();
            millis.add((System.nanoTime() - started) / 1_000_000);
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"error\":\"lock_unavailable\""), response.body());
            assertEquals("5", response.headers().firstValue("Retry-After").orElseThrow());
        }
        Collections.sort(millis);
        log.info(
                "503 with Redis stopped: median {} ms, max {} ms over {} reservations (lock wait {} s)",
                millis.get(millis.size() / 2),
                millis.get(millis.size() - 1),
                millis.size(),
                LOCK_WAIT.toSeconds());
        assertTrue(millis.get(millis.size() - 1) < LOCK_WAIT.toMillis(), "failed fast, did not wait for the lock");
        HttpResponse<String> read = send("GET", "/api/inventory/TICKET-A", null);
        assertEquals(200, read.statusCode(), "reads need no lock");
        assertTrue(read.body().contains("\"stock\":9"), read.body());

        redis.server().start(); // empty: the fencing counter restarts, from the server's clock
        assertTrue(eventuallyReserved(), "reservations work again once Redis is back");
    }

    private void start() throws Exception {
        PortkitConfig config = PortkitConfig.fromEnvironment(TestEnvironment.onRedis(
                redis.environment(RedisExtension.Topology.STANDALONE),
                "REDIS_CLIENT_NAME",
                "portkit-redis-down",
                "INVENTORY_LOCK_WAIT",
                LOCK_WAIT.toMillis() + "ms",
                "AUTH_USERS",
                TestUser.AUTH_USERS));
        service = Components.create(config).service();
        base = "http://127.0.0.1:" + service.start();
        token = TestUser.logIn(http, URI.create(base));
    }

    private boolean eventuallyReserved() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = reserve();
            if (response.statusCode() == 201) {
                return true;
            }
            assertEquals(503, response.statusCode(), response.body());
            Thread.sleep(100);
        }
        return false;
    }

    private HttpResponse<String> reserve() throws IOException, InterruptedException {
        return send("POST", "/api/inventory/TICKET-A/reservations", "{\"quantity\": 1}");
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, publisher)
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
