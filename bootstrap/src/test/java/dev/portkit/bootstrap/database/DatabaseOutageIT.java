package dev.portkit.bootstrap.database;

import static dev.portkit.bootstrap.database.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.testsupport.PostgresServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database stops under a read load and starts again. Cached reads go on; reads that miss and every write
 * answer 503 {@code database_unavailable} with {@code Retry-After} at once, never a hang or a 500; health says
 * DOWN while readiness stays up; and the service recovers by itself.
 */
class DatabaseOutageIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = PostgresServerExtension.dedicated();

    /** Far more than a request may take while the database is down (timeouts of 1 and 2 s here). */
    private static final Duration NEVER_A_HANG = Duration.ofSeconds(6);

    private Instance instance;

    @BeforeEach
    void start() {
        postgres.start();
        instance = Instance.on(
                postgres,
                null,
                Map.of("STORE", "postgres", "DATABASE_CONNECT_TIMEOUT", "2s", "DATABASE_QUERY_TIMEOUT", "1s"));
    }

    @AfterEach
    void stop() {
        instance.close();
        postgres.start();
    }

    @Test
    void cachedReadsGoOnMissesAndWritesAnswer503AndTheServiceRecovers() throws Exception {
        ApiClient api = instance.api();
        api.logIn();
        String cached = api.create("event", "{\"title\":\"Cached\"}");
        String uncached = api.create("event", "{\"title\":\"Not read yet\"}");
        assertEquals(200, api.get(cached).statusCode());
        assertEquals("HIT", api.get(cached).headers().firstValue("X-Cache").orElse(""));

        Set<Integer> seenDuringOutage = ConcurrentHashMap.newKeySet();
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            postgres.stop();
            List<Future<?>> load = List.of(
                    readers.submit(() -> readUntilStopped(instance.newClient(), cached, reading, seenDuringOutage)),
                    readers.submit(() -> readUntilStopped(instance.newClient(), uncached, reading, seenDuringOutage)));

            assertEquals(200, timed(() -> api.get(cached)).statusCode(), "a cached read is served");
            HttpResponse<String> miss = timed(() -> api.get(uncached));
            assertEquals(503, miss.statusCode(), miss.body());
            assertEquals("database_unavailable", json(miss).get("error").asString());
            assertTrue(miss.headers().firstValue("Retry-After").isPresent());
            HttpResponse<String> write = timed(() -> api.putContent(cached, "{\"title\":\"Lost?\"}"));
            assertEquals(503, write.statusCode(), write.body());
            assertEquals("database_unavailable", json(write).get("error").asString());
            HttpResponse<String> health = timed(api::health);
            assertEquals(503, health.statusCode(), health.body());
            assertEquals(
                    "DOWN",
                    json(health).get("checks").get("database").get("status").asString());
            assertEquals(200, api.get("/health/ready").statusCode(), "readiness does not depend on the database");

            postgres.start();

            // The write above evicted its item (a failed write's outcome may be unknown): both now load.
            assertTrue(
                    eventually(() -> api.get(uncached).statusCode() == 200
                            && api.get(cached).statusCode() == 200),
                    "reads recover by themselves");
            reading.set(false);
            for (Future<?> reader : load) {
                reader.get(1, TimeUnit.MINUTES);
            }
        } finally {
            reading.set(false);
            readers.shutdownNow();
        }
        assertTrue(
                Set.of(200, 503).containsAll(seenDuringOutage), "only 200s and 503s, never a 500: " + seenDuringOutage);
        assertTrue(seenDuringOutage.contains(503), "the readers saw the outage");
        assertEquals("Cached", json(api.get(cached)).get("data").get("title").asString(), "the 503 wrote nothing");
        assertEquals(200, api.putContent(cached, "{\"title\":\"After\"}").statusCode());
        HttpResponse<String> health = api.health();
        assertEquals(200, health.statusCode(), health.body());
        assertEquals(
                "UP", json(health).get("checks").get("database").get("status").asString());
    }

    private static Void readUntilStopped(ApiClient client, String path, AtomicBoolean reading, Set<Integer> seen) {
        while (reading.get()) {
            seen.add(timed(() -> client.get(path)).statusCode());
        }
        return null;
    }

    private static HttpResponse<String> timed(Supplier<HttpResponse<String>> request) {
        long started = System.nanoTime();
        HttpResponse<String> response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(NEVER_A_HANG) < 0, "took " + took + ": " + response.body());
        return response;
    }

    private static boolean eventually(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
