package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.domain.cache.TtlJitter;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Redis goes away and comes back under the cache: callers never see an exception, the fallback
 * serves meanwhile, Redis is used again by itself, and nothing invalidated during the outage is
 * served from Redis afterwards.
 */
class RedisCacheOutageIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Codec<String> UTF8 = Codec.utf8();
    private static final CacheNamespace ARTICLES = CacheNamespace.of("articles", Duration.ofMinutes(5));
    private static final CacheNamespace USERS = CacheNamespace.of("users", Duration.ofMinutes(5));
    /** Opens after 3 failed calls, probes every 500 ms: keeps the tests short. */
    private static final RedisBreakerSettings BREAKER = new RedisBreakerSettings(50, 3, Duration.ofMillis(500));

    /** Lets a test hold back recovery while it prepares Redis; the probe is otherwise real. */
    private final AtomicBoolean probesAllowed = new AtomicBoolean(true);

    private final ListAppender<ILoggingEvent> circuitLogs = new ListAppender<>();
    private RedisConnector connector;
    private RedisCircuit circuit;
    private MapCache fallback;
    private RedisCache cache;
    private String prefix;

    @BeforeEach
    void setUp() {
        redis.server().start(); // in case a failed test left it stopped
        Logger logger = (Logger) LoggerFactory.getLogger(RedisCircuit.class);
        logger.addAppender(circuitLogs);
        circuitLogs.start();
        prefix = redis.keyPrefix();
        connectCache(new RedisCacheSettings(prefix, TtlJitter.NONE, 1_000, Duration.ofMinutes(1)));
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(RedisCircuit.class)).detachAppender(circuitLogs);
        redis.server().start();
    }

    @Test
    void noStaleReadAfterRecovery() {
        cache.put(ARTICLES, "A", "v1", UTF8);
        cache.put(USERS, "B", "b1", UTF8);
        Map<String, byte[]> persisted = dumpKeysUnder(prefix);

        probesAllowed.set(false);
        redis.server().stop();
        awaitFallbackActive();
        cache.delete(ARTICLES, "A");
        cache.put(ARTICLES, "A", "v2", UTF8);
        cache.invalidate(USERS);
        assertEquals(Optional.of("v2"), cache.get(ARTICLES, "A", UTF8), "the fallback serves during the outage");

        redis.server().start();
        restore(persisted); // Redis comes back with its data, as with persistence or a promoted replica
        assertEquals(persisted.size(), countKeysUnder(prefix), "Redis holds A=v1 and B=b1 again");
        probesAllowed.set(true);
        Eventually.await(() -> !circuit.isOpen(), Duration.ofSeconds(10), "Redis in use again");

        AtomicInteger loads = new AtomicInteger();
        CacheResult<String> firstRead = cache.getOrLoad(ARTICLES, "A", UTF8, () -> {
            loads.incrementAndGet();
            return Optional.of("v2"); // the source of truth
        });
        assertEquals(new CacheResult<>(Optional.of("v2"), false), firstRead);
        assertEquals(1, loads.get(), "A came from the source, not from a stale Redis entry");
        assertEquals(Optional.empty(), cache.get(USERS, "B", UTF8), "the namespace invalidation reached Redis");
        assertEquals(0, cache.pendingInvalidations());
    }

    @Test
    void journalOverflowInvalidatesTheWholeNamespace() {
        connectCache(new RedisCacheSettings(prefix, TtlJitter.NONE, 3, Duration.ofMinutes(1)));
        for (int i = 0; i < 10; i++) {
            cache.put(ARTICLES, "a" + i, "v", UTF8);
        }
        cache.put(ARTICLES, "kept-in-redis-but-invalidated", "v", UTF8);
        cache.put(USERS, "u1", "user", UTF8);
        Map<String, byte[]> persisted = dumpKeysUnder(prefix);

        probesAllowed.set(false);
        redis.server().stop();
        awaitFallbackActive();
        for (int i = 0; i < 10; i++) {
            cache.delete(ARTICLES, "a" + i);
        }
        assertEquals(1, cache.pendingInvalidations(), "ten deletions became one namespace invalidation");

        redis.server().start();
        restore(persisted);
        probesAllowed.set(true);
        Eventually.await(() -> !circuit.isOpen(), Duration.ofSeconds(10), "Redis in use again");

        assertEquals(Optional.empty(), cache.get(ARTICLES, "kept-in-redis-but-invalidated", UTF8));
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a0", UTF8));
        assertEquals(Optional.of("user"), cache.get(USERS, "u1", UTF8), "other namespaces are untouched");
    }

    @Test
    void requestsKeepFlowingThroughAnOutageAndRedisIsUsedAgainByItself() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong operations = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                long i = 0;
                while (running.get()) {
                    String key = "k" + (i++ % 50);
                    try {
                        switch ((int) (i % 4)) {
                            case 0 -> cache.getOrLoad(ARTICLES, key, UTF8, () -> Optional.of("value of " + key));
                            case 1 -> cache.get(ARTICLES, key, UTF8);
                            case 2 -> cache.put(USERS, key + "-" + worker, "user", UTF8);
                            default -> cache.delete(USERS, key + "-" + worker);
                        }
                        operations.incrementAndGet();
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }
            });
            thread.start();
            workers.add(thread);
        }
        try {
            awaitOperations(operations, 200);
            assertFalse(circuit.isOpen(), "Redis in use before the outage");
            assertEquals(List.of(), levels(circuitLogs.list));

            redis.server().stop();
            awaitFallbackActive();
            long fallbackHitsBefore = fallback.stats(ARTICLES).hits();
            awaitOperations(operations, 500);
            Eventually.await(
                    () -> fallback.stats(ARTICLES).hits() > fallbackHitsBefore,
                    Duration.ofSeconds(10),
                    "the fallback serves hits");

            redis.server().start();
            Eventually.await(() -> !circuit.isOpen(), Duration.ofSeconds(10), "Redis in use again");
            awaitOperations(operations, 200);
        } finally {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(10_000);
            }
        }

        assertEquals(List.of(), failures, "no exception reached a caller");
        cache.put(ARTICLES, "written-after-recovery", "x", UTF8);
        assertTrue(
                keysUnder(prefix).stream().anyMatch(k -> k.endsWith(":written-after-recovery")),
                "the write went to Redis");
        assertEquals(List.of(Level.WARN, Level.INFO), levels(circuitLogs.list), "one WARN, one INFO, no spam");
        assertFalse(circuit.status().fallbackActive());
    }

    @Test
    void startsOnTheFallbackWhileRedisIsDownAndPicksRedisUpWhenItComes() {
        redis.server().stop();

        connectCache(RedisCacheSettings.withPrefix(prefix));
        assertFalse(circuit.probeNow(), "start-up probe finds Redis down");
        assertTrue(circuit.status().fallbackActive());
        assertTrue(circuit.status().lastError().isPresent());
        cache.put(ARTICLES, "a1", "v1", UTF8);
        assertEquals(Optional.of("v1"), cache.get(ARTICLES, "a1", UTF8), "served by the fallback");

        redis.server().start();
        Eventually.await(() -> !circuit.isOpen(), Duration.ofSeconds(10), "Redis in use after start-up");

        cache.put(ARTICLES, "a2", "v2", UTF8);
        assertEquals(Optional.of("v2"), cache.get(ARTICLES, "a2", UTF8));
        assertTrue(keysUnder(prefix).stream().anyMatch(k -> k.endsWith(":a2")), "the write went to Redis");
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8), "a put during the outage is not trusted");
    }

    /**
     * Stampede protection must not depend on Redis answering: while its calls fail (the circuit not
     * yet open) and while invalidations wait in the journal (the cache is bypassed), concurrent
     * misses for one key still run the loader once. (On the fallback, see RedisCacheFallbackTest.)
     */
    @Test
    void concurrentMissesShareOneLoadWhileRedisFailsAndWhileInvalidationsWait() {
        connectCache(
                RedisCacheSettings.withPrefix(prefix), new RedisBreakerSettings(100, 10_000, Duration.ofMinutes(1)));
        cache.put(ARTICLES, "connected", "v", UTF8);
        redis.server().stop();

        CacheContract.assertConcurrentMissesShareOneLoad(cache, ARTICLES, "while-redis-fails");
        assertFalse(circuit.isOpen(), "the circuit stayed closed: every call failed on Redis");

        cache.delete(ARTICLES, "changed-while-redis-fails");
        assertEquals(1, cache.pendingInvalidations(), "the delete waits in the journal");
        CacheContract.assertConcurrentMissesShareOneLoad(cache, ARTICLES, "while-the-journal-waits");
        assertFalse(circuit.isOpen());
    }

    private void connectCache(RedisCacheSettings settings) {
        connectCache(settings, BREAKER);
    }

    /** A new instance: connections, circuit and cache (the extension closes them after the test). */
    private void connectCache(RedisCacheSettings settings, RedisBreakerSettings breaker) {
        connector = redis.newConnector(redis.settings());
        RedisConnector probing = connector;
        circuit = redis.closeAfterTest(new RedisCircuit(breaker, () -> {
            if (!probesAllowed.get()) {
                throw new IllegalStateException("probe held back by the test");
            }
            probing.ping();
        }));
        fallback = new MapCache();
        cache = new RedisCache(connector, circuit, fallback, settings);
    }

    /** Calls that fail against a stopped Redis open the circuit; no call may throw meanwhile. */
    private void awaitFallbackActive() {
        Eventually.await(
                () -> {
                    cache.get(ARTICLES, "probe-" + UUID.randomUUID(), UTF8);
                    return circuit.isOpen();
                },
                Duration.ofSeconds(10),
                "the circuit opens");
    }

    private static void awaitOperations(AtomicLong operations, long more) {
        long target = operations.get() + more;
        Eventually.await(() -> operations.get() >= target, Duration.ofSeconds(10), more + " more operations");
    }

    private static List<Level> levels(List<ILoggingEvent> events) {
        return events.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getLevel)
                .toList();
    }

    /** A separate, plain connection for the test's own look at Redis. */
    private static <T> T raw(Function<RedisClusterCommands<byte[], byte[]>, T> action) {
        try (RedisConnector raw = RedisConnector.open(redis.settings())) {
            return action.apply(raw.bytes());
        }
    }

    private static List<String> keysUnder(String prefix) {
        return raw(redis -> {
            List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*"));
                page.getKeys().forEach(k -> keys.add(new String(k, StandardCharsets.UTF_8)));
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        });
    }

    private static long countKeysUnder(String prefix) {
        return keysUnder(prefix).size();
    }

    private static Map<String, byte[]> dumpKeysUnder(String prefix) {
        List<String> keys = keysUnder(prefix);
        return raw(redis -> {
            Map<String, byte[]> dumps = new HashMap<>();
            keys.forEach(k -> dumps.put(k, redis.dump(k.getBytes(StandardCharsets.UTF_8))));
            return dumps;
        });
    }

    private static void restore(Map<String, byte[]> dumps) {
        raw(redis -> {
            dumps.forEach((key, dump) ->
                    redis.restore(key.getBytes(StandardCharsets.UTF_8), dump, new RestoreArgs().replace()));
            return null;
        });
    }
}
