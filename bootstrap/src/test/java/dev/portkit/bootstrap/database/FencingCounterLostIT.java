package dev.portkit.bootstrap.database;

import static dev.portkit.bootstrap.database.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.testsupport.PostgresServerExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Its own Redis: the tests flush it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private Instance instance;
    private Instance other;

    @BeforeEach
    void start() {
        instance = Instance.on(postgres, redis);
        other = Instance.on(postgres, redis);
    }

    @AfterEach
    void stop() {
        instance.close();
        other.close();
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

        redis.server()
                .flushAll(); // the counters, the lock and the session cache are gone; sessions are in the database

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> reserved = api.reserve(sku, 1);
            assertEquals(201, reserved.statusCode(), "reservation " + i + " after the loss: " + reserved.body());
            assertEquals(100 - 20 - i - 1, json(reserved).get("remaining").asInt());
        }
        HttpResponse<String> restocked = api.setStock(sku, 50);
        assertEquals(200, restocked.statusCode(), restocked.body());
        assertEquals(50, json(api.get("/api/inventory/" + sku)).get("stock").asInt());
    }

    /**
     * Redis forgets the counters and the locks while two instances take reservations: a holder may lose its
     * lock to another one. The fencing check still lets no reservation undo another: every unit is reserved
     * once or still in stock, and no stock level is left twice.
     */
    @Test
    void losingTheCountersUnderLoadNeverOversells() throws Exception {
        int stock = 60;
        int requests = 120;
        instance.api().logIn();
        String sku = "CROWD-" + System.nanoTime();
        assertEquals(200, instance.api().setStock(sku, stock).statusCode());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                ApiClient client = (i % 2 == 0 ? instance : other).newClient();
                futures.add(pool.submit(() -> {
                    go.await();
                    HttpResponse<String> response = client.reserve(sku, 1);
                    if (answered.incrementAndGet() == requests / 3) {
                        redis.server().flushAll();
                    }
                    return response;
                }));
            }
            go.countDown();
            int reserved = 0;
            Set<Integer> remainders = new HashSet<>();
            for (Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get(2, TimeUnit.MINUTES);
                if (response.statusCode() == 201) {
                    reserved++;
                    assertTrue(remainders.add(json(response).get("remaining").asInt()), "a level left twice");
                } else {
                    assertTrue(
                            response.statusCode() == 409 || response.statusCode() == 503,
                            response.statusCode() + " " + response.body());
                }
            }
            int left = json(instance.api().get("/api/inventory/" + sku))
                    .get("stock")
                    .asInt();
            assertEquals(stock, reserved + left, "every unit reserved once or still in stock");
        } finally {
            pool.shutdownNow();
        }
    }
}
