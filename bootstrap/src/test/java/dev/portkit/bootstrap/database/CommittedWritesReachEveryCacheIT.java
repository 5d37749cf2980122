package dev.portkit.bootstrap.database;

import static dev.portkit.bootstrap.database.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.testsupport.PostgresServerExtension;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A committed write is invalidated in every cache (Redis and each instance's near cache) from the database's
 * feed of committed changes, not only by the writer's own eviction: so it is seen everywhere even when the
 * writer died right after its commit, restarted during a Redis outage (its journal gone), or when an instance
 * hears none of the writer's invalidation messages.
 *
 * <p>The README states the bound (about two rounds of {@code DATABASE_FEED_INTERVAL}, 100 ms); these tests
 * allow {@link #SEEN_WITHIN}, which a loaded machine keeps, and which the TTLs that bounded staleness before
 * (minutes in Redis, and an hour of near cache set here) are far above.
 */
class CommittedWritesReachEveryCacheIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Duration SEEN_WITHIN = Duration.ofSeconds(5);
    /** Near-cache copies that only an invalidation can remove. */
    private static final Map<String, String> LONG_NEAR_TTL = Map.of("CACHE_NEAR_TTL", "1h");

    private final List<AutoCloseable> started = new ArrayList<>();

    @BeforeEach
    void redisUp() {
        redis.server().resume();
        redis.server().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        redis.server().resume();
    }

    @Test
    void aWriteCommittedByAnInstanceThatDiedBeforeEvictingIsSeenOnEveryInstance() {
        ApiClient a = start(LONG_NEAR_TTL).api();
        ApiClient b = start(LONG_NEAR_TTL).api();
        a.logIn();
        String item = a.create("event", "{\"title\":\"v1\"}");
        assertEquals(1, version(a.get(item)));
        assertEquals(1, version(b.get(item))); // cached in Redis and in both near caches

        DeadWriter writer = new DeadWriter(postgres);
        started.add(writer);
        writer.update(item, "{\"title\":\"v2\"}");

        awaitVersion(a, item, 2);
        awaitVersion(b, item, 2);
        assertEquals("v2", json(b.get(item)).get("data").get("title").asString());
    }

    @Test
    void aWriterRestartedDuringARedisOutageLeavesNothingStaleWhenRedisReturns() {
        Map<String, String> outage = Map.of(
                "REDIS_COMMAND_TIMEOUT", "200ms",
                "REDIS_BREAKER_OPEN_WAIT", "200ms");
        Instance reader = start(outage);
        Instance writer = start(outage);
        writer.api().logIn();
        String item = writer.api().create("event", "{\"title\":\"v1\"}");
        assertEquals(1, version(reader.api().get(item))); // cached in Redis

        redis.server().hang(); // Redis keeps its data but answers nothing
        awaitFallback(reader.api());
        awaitFallback(writer.api());
        HttpResponse<String> put = writer.api().putContent(item, "{\"title\":\"v2\"}");
        assertEquals(200, put.statusCode(), put.body()); // its eviction waits in the writer's journal
        writer.close(); // ... which the restart loses
        started.remove(writer);
        ApiClient restarted = start(outage).api();
        assertEquals(2, version(reader.api().get(item)), "the reader's fallback loads from the database");

        redis.server().resume();

        awaitRedisInUse(reader.api());
        awaitRedisInUse(restarted);
        for (int i = 0; i < 20; i++) {
            assertEquals(2, version(reader.api().get(item)), "Redis served what it held before the outage");
            assertEquals(2, version(restarted.get(item)));
        }
    }

    @Test
    void anInstanceThatHearsNoneOfTheWritersInvalidationsStillSeesItsWrites() {
        // Redis 7's default for a new ACL user: every key and command, no pub/sub channel: the writer's
        // PUBLISH of invalidation messages is refused, so the reader hears nothing from it
        String password = "writer-" + UUID.randomUUID();
        admin(redis -> redis.aclSetuser(
                "portkit-writer",
                new AclSetuserArgs()
                        .on()
                        .addPassword(password)
                        .allKeys()
                        .allCommands()
                        .resetChannels()));
        ApiClient reader = start(LONG_NEAR_TTL).api();
        ApiClient writer = start(Map.of("REDIS_USERNAME", "portkit-writer", "REDIS_PASSWORD", password))
                .api();
        writer.logIn();
        String item = writer.create("event", "{\"title\":\"v1\"}");
        assertEquals(1, version(reader.get(item)));
        assertEquals(1, version(reader.get(item))); // a near-cache copy, for an hour

        assertEquals(200, writer.putContent(item, "{\"title\":\"v2\"}").statusCode());

        awaitVersion(reader, item, 2);
    }

    private Instance start(Map<String, String> environment) {
        Instance instance = Instance.on(postgres, redis, environment);
        started.add(instance);
        return instance;
    }

    private static int version(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return json(response).get("version").asInt();
    }

    /** Reads until the version is served, within {@link #SEEN_WITHIN}; every read must answer 200. */
    private static void awaitVersion(ApiClient client, String item, int expected) {
        long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
        int seen = version(client.get(item));
        while (seen != expected && System.nanoTime() < deadline) {
            pause();
            seen = version(client.get(item));
        }
        assertEquals(expected, seen, "version served " + SEEN_WITHIN.toMillis() + " ms after the commit");
    }

    /**
     * Sends reads that need Redis until the instance's circuit is open and it serves from its fallback (a
     * timed-out probe alone answers 503 too, while writes still go to Redis, and may reach it once it runs).
     */
    private static void awaitFallback(ApiClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!json(client.get("/health/redis")).get("fallbackActive").asBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the instance did not notice Redis was down");
            client.get("/api/content/event/" + UUID.randomUUID()); // a miss: a Redis call that times out
        }
    }

    private static void awaitRedisInUse(ApiClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (redisHealth(client) != 200) {
            assertTrue(System.nanoTime() < deadline, "the instance did not return to Redis");
            pause();
        }
    }

    private static int redisHealth(ApiClient client) {
        return client.get("/health/redis").statusCode();
    }

    private static void admin(
            java.util.function.Consumer<io.lettuce.core.api.sync.RedisCommands<String, String>> command) {
        RedisClient client = RedisClient.create(redis.server().uri().toString());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            command.accept(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
