package dev.portkit.bootstrap.inventory;

import static dev.portkit.bootstrap.inventory.InventoryInstance.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.application.inventory.InventorySettings;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of the service in one JVM, as two pods: each with its own Redis client and lock
 * adapter, both on one Redis and one stock store (as two pods share a database). A crowd of
 * concurrent reservations against both never oversells.
 */
class TwoInstancesReservationIT {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final int STOCK = 100;
    private static final int REQUESTS = 300;

    private final List<InventoryInstance> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(InventoryInstance::close);
    }

    @Test
    void concurrentReservationsOnTwoInstancesNeverOversell() throws Exception {
        InMemoryStockStore sharedStore = new InMemoryStockStore();
        InventoryInstance a = instance(sharedStore);
        InventoryInstance b = instance(sharedStore);
        assertEquals(200, a.putStock("TICKET-A", "{\"stock\": " + STOCK + "}").statusCode());

        List<HttpResponse<String>> responses = reserveConcurrently(List.of(a, b), REQUESTS);

        int reserved = 0;
        Set<Integer> remainders = new HashSet<>();
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() == 201) {
                reserved += json(response).get("quantity").asInt();
                assertTrue(remainders.add(json(response).get("remaining").asInt()), "each stock level is left once");
            } else {
                assertEquals(409, response.statusCode(), response.body());
            }
        }
        assertEquals(STOCK, reserved, "demand exceeded stock: every unit is reserved, none twice");
        assertEquals(0, json(a.get("TICKET-A")).get("stock").asInt());
        assertEquals(0, json(b.get("TICKET-A")).get("stock").asInt());
    }

    @Test
    void reservationsForUnknownSkusLeaveNothingBehindInRedis() {
        InventoryInstance a = instance(new InMemoryStockStore());

        assertEquals(404, a.reserve("GUESSED-1", "{\"quantity\": 1}").statusCode());

        List<String> keys = new ArrayList<>();
        ScanIterator.scan(redis.connector().strings(), ScanArgs.Builder.matches(redis.keyPrefix() + "*"))
                .forEachRemaining(keys::add);
        assertEquals(List.of(), keys, "no lock key, no fencing counter");
    }

    private InventoryInstance instance(InMemoryStockStore store) {
        RedisConnector connector = redis.newConnector(redis.settings());
        RedisCircuit circuit =
                redis.closeAfterTest(new RedisCircuit(RedisBreakerSettings.DEFAULTS, () -> connector.ping()));
        // A generous wait: this test is about correctness under contention, not about giving up.
        InventoryInstance instance = new InventoryInstance(
                new RedisLockService(connector, circuit, redis.keyPrefix()),
                store,
                new InventorySettings(Duration.ofSeconds(3), Duration.ofSeconds(30)));
        instances.add(instance);
        return instance;
    }

    private static List<HttpResponse<String>> reserveConcurrently(List<InventoryInstance> pods, int requests)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                InventoryInstance pod = pods.get(i % pods.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    return pod.reserve("TICKET-A", "{\"quantity\": 1}");
                }));
            }
            start.countDown();
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get(2, TimeUnit.MINUTES));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
