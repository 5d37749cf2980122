package dev.portkit.bootstrap.database;

import static dev.portkit.bootstrap.database.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.testsupport.PostgresServerExtension;
import dev.portkit.testsupport.RedisServerExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis loses the lock's fencing counters ({@code FLUSHALL}, a restart without persistence, an eviction) while
 * the stock table keeps the highest token it accepted. Reservations and restocking must go on at once, not fail
 * as stale until the counter has climbed back.
 */
class FencingCounterLostIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private Instance instance;

    @BeforeEach
    void start() {
        instance = Instance.on(postgres, redis);
    }

    @AfterEach
    void stop() {
        instance.close();
    }

    @Test
    void reservationsAndRestockingGoOnAfterRedisForgetsTheCounters() {
        ApiClient api = instance.api();
        api.logIn();
        String sku = "FENCED-" + System.nanoTime();
        assertEquals(200, api.setStock(sku, 100).statusCode());
        for (int i = 0; i < 20; i++) {
            assertEquals(201, api.reserve(sku, 1).statusCode());
        }

        redis.flushAll(); // the counters, the lock and the session cache are gone; sessions are in the database

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> reserved = api.reserve(sku, 1);
            assertEquals(201, reserved.statusCode(), "reservation " + i + " after the loss: " + reserved.body());
            assertEquals(100 - 20 - i - 1, json(reserved).get("remaining").asInt());
        }
        HttpResponse<String> restocked = api.setStock(sku, 50);
        assertEquals(200, restocked.statusCode(), restocked.body());
        assertEquals(50, json(api.get("/api/inventory/" + sku)).get("stock").asInt());
    }
}
