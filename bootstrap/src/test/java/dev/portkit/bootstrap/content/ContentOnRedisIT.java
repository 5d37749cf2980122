package dev.portkit.bootstrap.content;

import static dev.portkit.bootstrap.content.ContentApiClient.header;
import static dev.portkit.bootstrap.content.ContentApiClient.json;
import static dev.portkit.bootstrap.content.ContentApiClient.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The content API end to end on the Redis adapters, wired as {@code Main} wires them, against a
 * real Redis: cached reads, 304s, and a write never followed by a stale read, also across a Redis
 * outage and its recovery.
 */
class ContentOnRedisIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static PortkitService service;
    private static ContentApiClient api;
    private static RedisClient redisClient;

    @BeforeAll
    static void startService() throws Exception {
        int port = freePort();
        PortkitConfig config = PortkitConfig.fromEnvironment(Map.of(
                // The sources of truth in memory: these tests are about the cache and the wiring.
                "STORE",
                "memory",
                "REDIS_URL",
                redis.uri().toString(),
                "HTTP_HOST",
                "127.0.0.1",
                "PORT",
                Integer.toString(port),
                "SHUTDOWN_TIMEOUT",
                "5s",
                "AUTH_USERS",
                TestUser.AUTH_USERS));
        assertEquals(AdapterChoice.REDIS, config.adapter());
        service = Components.create(config).service();
        api = new ContentApiClient(service.start());
        api.logIn();
        redisClient = RedisClient.create(redis.uri().toString());
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.stop();
        }
        if (redisClient != null) {
            redisClient.shutdown();
        }
    }

    @Test
    void readsAreCachedInRedisAndAWriteIsNeverFollowedByAStaleRead() throws Exception {
        String location = api.create("event", "{\"title\":\"Opening\"}");

        HttpResponse<String> first = api.get(location);
        HttpResponse<String> second = api.get(location);
        assertEquals("MISS", header(first, "X-Cache"));
        assertEquals("HIT", header(second, "X-Cache"));
        assertTrue(cachedInRedis(location), "the item is cached in Redis");
        assertEquals(304, api.get(location, header(second, "ETag")).statusCode());

        HttpResponse<String> put = api.put(location, "{\"title\":\"Opening night\"}");
        HttpResponse<String> afterPut = api.get(location, header(second, "ETag"));

        assertEquals(200, put.statusCode(), put.body());
        assertEquals(200, afterPut.statusCode());
        assertEquals(2, version(afterPut));
        assertEquals("{\"title\":\"Opening night\"}", json(afterPut).get("data").toString());
        assertNotEquals(header(second, "ETag"), header(afterPut, "ETag"));
        assertEquals("HIT", header(api.get(location), "X-Cache"));
    }

    @Test
    void aWriteDuringAnOutageIsReadBackDuringAndAfterIt() throws Exception {
        String location = api.create("venue", "{\"name\":\"Hall A\"}");
        String cachedETag = header(api.get(location), "ETag");
        assertEquals("HIT", header(api.get(location), "X-Cache"));

        redis.stop();
        try {
            // Sessions held only in Redis can't be checked while it is down: log in again, on the
            // fallback (once the circuit has opened; until then the session store answers 503).
            awaitLogin();
            HttpResponse<String> putDuringOutage = api.put(location, "{\"name\":\"Hall B\"}");
            assertEquals(200, putDuringOutage.statusCode(), putDuringOutage.body());
            HttpResponse<String> readDuringOutage = api.get(location);
            assertEquals(200, readDuringOutage.statusCode(), readDuringOutage.body());
            assertEquals(2, version(readDuringOutage));
            assertEquals(200, api.get("/api/content/venue").statusCode(), "lists keep working too");
        } finally {
            redis.start();
        }

        // Back on Redis (the circuit closes after a successful probe): never the version before the outage.
        HttpResponse<String> afterRecovery = awaitServedFromRedis(location);
        assertEquals(2, version(afterRecovery));
        assertEquals("{\"name\":\"Hall B\"}", json(afterRecovery).get("data").toString());
        assertEquals(200, api.get(location, cachedETag).statusCode(), "the pre-outage ETag is stale");

        HttpResponse<String> putAfterRecovery = api.put(location, "{\"name\":\"Hall C\"}");
        HttpResponse<String> readAfterPut = api.get(location);
        assertEquals(3, version(putAfterRecovery));
        assertEquals(3, version(readAfterPut));
        assertEquals(header(putAfterRecovery, "ETag"), header(readAfterPut, "ETag"));
        assertEquals("HIT", header(api.get(location), "X-Cache"));
    }

    /** Reads until the item is cached in Redis again; every read on the way must be correct too. */
    private static void awaitLogin() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> login = api.tryLogIn();
        while (login.statusCode() != 201 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            login = api.tryLogIn();
        }
        assertEquals(201, login.statusCode(), login.body());
    }

    private static HttpResponse<String> awaitServedFromRedis(String location) throws Exception {
        return awaitValue(Duration.ofSeconds(15), () -> {
            HttpResponse<String> response = api.get(location);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(2, version(response), "no stale read while recovering");
            return "HIT".equals(header(response, "X-Cache")) && cachedInRedis(location) ? response : null;
        });
    }

    /** Whether Redis holds the item under the cache's key scheme ({@code SCAN}: fine in a test). */
    private static boolean cachedInRedis(String location) {
        String[] path = location.split("/");
        String pattern = "portkit:cache:content-item-" + path[3] + ":*:" + path[4];
        try (StatefulRedisConnection<String, String> connection = redisClient.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection
                        .sync()
                        .scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
                if (!page.getKeys().isEmpty()) {
                    return true;
                }
                cursor = page;
            } while (!cursor.isFinished());
            return false;
        }
    }

    private static <T> T awaitValue(Duration timeout, Callable<T> attempt) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = attempt.call();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
