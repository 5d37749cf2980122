package dev.portkit.bootstrap.content;

import static dev.portkit.bootstrap.content.ContentApiClient.header;
import static dev.portkit.bootstrap.content.ContentApiClient.json;
import static dev.portkit.bootstrap.content.ContentApiClient.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.bootstrap.TestEnvironment;
import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.AdapterChoice;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.Components;
import dev.portkit.bootstrap.wiring.PortkitService;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    /** Its own Redis: a test stops it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static PortkitService service;
    private static ContentApiClient api;
    /** The service's keys are under the class's prefix. */
    private static String keyPrefix;

    @BeforeAll
    static void startService() throws Exception {
        keyPrefix = redis.keyPrefix();
        PortkitConfig config = PortkitConfig.fromEnvironment(TestEnvironment.onRedis(
                redis.environment(RedisExtension.Topology.STANDALONE),
                "SHUTDOWN_TIMEOUT",
                "5s",
                "AUTH_USERS",
                TestUser.AUTH_USERS));
        assertEquals(AdapterChoice.REDIS, config.adapter());
        service = Components.create(config).service();
        api = new ContentApiClient(service.start());
        api.logIn();
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.stop();
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

        redis.server().stop();
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
            redis.server().start();
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

    /**
     * Whether Redis holds the item under the cache's key scheme ({@code SCAN}: fine in a test); not
     * while the test's connection is still reconnecting after the outage.
     */
    private static boolean cachedInRedis(String location) {
        try {
            return scanFor(location);
        } catch (RedisException reconnecting) {
            return false;
        }
    }

    private static boolean scanFor(String location) {
        String[] path = location.split("/");
        String pattern = keyPrefix + "cache:{content-item-" + path[3] + ":*}:v:" + path[4];
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.connector()
                    .strings()
                    .scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
            if (!page.getKeys().isEmpty()) {
                return true;
            }
            cursor = page;
        } while (!cursor.isFinished());
        return false;
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
}
