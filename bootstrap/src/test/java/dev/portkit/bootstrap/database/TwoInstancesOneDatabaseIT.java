package dev.portkit.bootstrap.database;

import static dev.portkit.bootstrap.database.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.testsupport.PostgresServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two instances on one database and one Redis are one service: content, stock and sessions alike. */
class TwoInstancesOneDatabaseIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** Another instance's write is seen within the near cache's TTL (2 s by default); a generous bound. */
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(10);

    private Instance a;
    private Instance b;

    @BeforeEach
    void startTwoInstances() {
        a = Instance.on(postgres, redis);
        b = Instance.on(postgres, redis);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @Test
    void anItemCreatedOnOneIsReadOnTheOther() {
        ApiClient onA = a.api();
        ApiClient onB = b.api();
        onA.logIn();
        HttpResponse<String> emptyList = onB.get("/api/content/venue?limit=5"); // B caches the empty page

        String item = onA.create("venue", "{\"name\":\"Main hall\"}");

        HttpResponse<String> read = onB.get(item);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("Main hall", json(read).get("data").get("name").asString());
        assertEquals(0, json(emptyList).get("items").size());
        assertEquals(1, json(onB.get("/api/content/venue?limit=5")).get("items").size(), "no stale page on B");

        assertEquals(200, onA.putContent(item, "{\"name\":\"Great hall\"}").statusCode());
        assertTrue(
                eventually(() -> json(onB.get(item)).get("version").asInt() == 2),
                "B reads A's update within " + SEEN_WITHIN);
    }

    @Test
    void stockSetOnOneIsReservedOnTheOther() {
        ApiClient onA = a.api();
        onA.logIn();
        assertEquals(200, onA.setStock("SHARED-1", 3).statusCode());

        HttpResponse<String> reserved = b.api().reserve("SHARED-1", 2);

        assertEquals(201, reserved.statusCode(), reserved.body());
        assertEquals(1, json(reserved).get("remaining").asInt());
        assertEquals(1, json(onA.get("/api/inventory/SHARED-1")).get("stock").asInt());
    }

    @Test
    void aSessionWorksOnBothAndALogoutOnOneEndsItOnBoth() {
        String token = a.api().logIn();
        ApiClient onB = b.newClient().withToken(token);
        ApiClient onA = a.newClient().withToken(token);

        assertEquals(200, onB.currentSession().statusCode());
        assertEquals(201, onB.createContent("article", "{\"title\":\"From B\"}").statusCode());
        assertEquals(200, onA.currentSession().statusCode());

        assertEquals(204, onB.logOut().statusCode());

        assertEquals(401, onA.currentSession().statusCode(), "logged out on every instance at once");
        assertEquals(401, onB.currentSession().statusCode());
    }

    @Test
    void concurrentReservationsOnBothNeverOversell() throws Exception {
        int stock = 20;
        int requests = 60;
        a.api().logIn();
        assertEquals(200, a.api().setStock("CROWD-1", stock).statusCode());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                ApiClient client = (i % 2 == 0 ? a : b).newClient();
                futures.add(pool.submit(() -> {
                    go.await();
                    return client.reserve("CROWD-1", 1);
                }));
            }
            go.countDown();
            int reserved = 0;
            Set<Integer> remainders = new HashSet<>();
            for (Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get(2, TimeUnit.MINUTES);
                if (response.statusCode() == 201) {
                    reserved++;
                    assertTrue(remainders.add(json(response).get("remaining").asInt()), "each level is left once");
                } else {
                    assertTrue(
                            response.statusCode() == 409 || response.statusCode() == 503,
                            response.statusCode() + " " + response.body());
                }
            }
            int left = json(b.api().get("/api/inventory/CROWD-1")).get("stock").asInt();
            assertEquals(stock, reserved + left, "every unit reserved once or still in stock, none twice");
            assertTrue(reserved > 0);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean eventually(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
