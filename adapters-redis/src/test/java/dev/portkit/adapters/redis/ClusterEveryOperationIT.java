package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.adapters.redis.ratelimit.FallbackRateLimiter;
import dev.portkit.adapters.redis.ratelimit.RedisRateLimiter;
import dev.portkit.adapters.redis.session.FallbackSessionStore;
import dev.portkit.adapters.redis.session.RedisSessionStore;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.ratelimit.MapRateLimiter;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionTimeouts;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every operation of every Redis adapter on the real Cluster, with keys and names spread over all its slots
 * (braces included): no command fails, so no {@code CROSSSLOT} (a command or script over several slots) and no
 * {@code MOVED} or {@code ASK} (a command sent to the wrong node) ever reaches an adapter, let alone its
 * caller; and the circuit never recorded an error. ({@code NOSCRIPT} is no failure: a node that has not seen a
 * script yet answers it to {@code EVALSHA}, and {@code RedisScript} sends {@code EVAL}.)
 */
class ClusterEveryOperationIT {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Codec<String> UTF8 = Codec.utf8();
    private static final SessionTimeouts TIMEOUTS = new SessionTimeouts(Duration.ofMinutes(5), Duration.ofHours(1));
    private static final List<String> NAMES = IntStream.range(0, 60)
            .mapToObj(i -> switch (i % 4) {
                case 0 -> "plain-" + i;
                case 1 -> "{braced-" + i + "}";
                case 2 -> "}" + i + "{";
                default -> "ключ {x}:" + i;
            })
            .toList();

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private RedisConnector connector;
    private RedisCircuit circuit;

    @BeforeEach
    void connect() {
        connector = redis.newConnector(redis.settings(Topology.CLUSTER));
        connector.addListener(new CommandListener() {
            @Override
            public void commandFailed(CommandFailedEvent event) {
                if (!(event.getCause() instanceof RedisNoScriptException)) { // a node loads the script: EVAL follows
                    failures.add(event.getCommand().getType() + ": " + event.getCause());
                }
            }
        });
        circuit = redis.closeAfterTest(new RedisCircuit(RedisBreakerSettings.DEFAULTS, connector::ping));
    }

    @Test
    void theCacheWithItsNearCache() {
        RedisCache cache = new RedisCache(
                connector,
                circuit,
                new MapCache(),
                RedisCacheSettings.withPrefix(redis.keyPrefix())
                        .withNear(new NearCacheSettings(true, Duration.ofSeconds(2), 1_000, List.of(""))));
        Eventually.awaitSubscribed(cache.nearCacheForTest());
        for (String nsName : List.of("content-item-event", "content-page-event", "users")) {
            CacheNamespace ns = new CacheNamespace(nsName, Duration.ofMinutes(5), Duration.ofSeconds(30));
            for (String key : NAMES) {
                cache.put(ns, key, "v-" + key, UTF8);
                cache.put(ns, key, "w-" + key, UTF8, Duration.ofMinutes(1));
                assertEquals(Optional.of("w-" + key), cache.get(ns, key, UTF8));
                assertEquals(
                        Optional.of("w-" + key),
                        cache.getOrLoad(ns, key, UTF8, Optional::empty).value());
                assertEquals(
                        Optional.of("loaded"),
                        cache.getOrLoad(ns, "missing-" + key, UTF8, () -> Optional.of("loaded"))
                                .value());
                cache.getOrLoad(ns, "absent-" + key, UTF8, Optional::empty);
            }
            cache.deleteAll(ns, NAMES.subList(0, 30)); // keys of many slots in one call
            cache.delete(ns, NAMES.get(40));
            assertEquals(Optional.empty(), cache.get(ns, NAMES.get(0), UTF8));
            assertEquals(Optional.of("w-" + NAMES.get(45)), cache.get(ns, NAMES.get(45), UTF8));
            cache.invalidate(ns);
            assertEquals(Optional.empty(), cache.get(ns, NAMES.get(45), UTF8));
            assertTrue(cache.stats(ns).hits() > 0);
            assertEquals(0, cache.stats(ns).errors(), nsName);
        }
        assertEquals(0, cache.pendingInvalidations());
        assertNothingFailed();
    }

    @Test
    void theSessionStoreWithItsFallback() {
        RedisSessionStore sessions = new RedisSessionStore(connector, redis.keyPrefix(), TIMEOUTS);
        FallbackSessionStore store =
                new FallbackSessionStore(sessions, new MapSessionStore(TIMEOUTS, Clock.systemUTC()), circuit);
        for (String name : NAMES) {
            Principal principal = new Principal(name);
            IssuedSession one = store.create(principal, Map.of("role", name));
            IssuedSession two = store.create(principal, Map.of());
            assertTrue(store.find(one.token()).isPresent());
            assertEquals(
                    Map.of("theme", "dark"),
                    store.updateAttributes(one.token(), Map.of("theme", "dark"))
                            .orElseThrow()
                            .attributes());
            assertEquals(2, store.sessionsOf(principal).size());
            assertTrue(store.delete(two.token()));
            Session kept = store.find(one.token()).orElseThrow();
            assertEquals(1, store.deleteAll(principal));
            assertTrue(sessions.restore(kept));
            assertTrue(store.find(one.token()).isPresent(), "restored");
        }
        assertNothingFailed();
    }

    @Test
    void theLock() {
        RedisLockService locks = new RedisLockService(connector, circuit, redis.keyPrefix());
        for (String name : NAMES) {
            LockLease lease = locks.tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO)
                    .orElseThrow();
            assertTrue(locks.tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO)
                    .isEmpty());
            assertTrue(locks.extend(lease, Duration.ofSeconds(20)));
            assertTrue(locks.release(lease));
            locks.advanceFencing(name, lease.fencingToken() + 1_000);
            LockLease next = locks.tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO)
                    .orElseThrow();
            assertTrue(next.fencingToken() > lease.fencingToken() + 1_000);
            assertTrue(locks.release(next));
        }
        assertNothingFailed();
    }

    @Test
    void theRateLimiterWithItsFallback() {
        for (int preallocate : new int[] {0, 50}) { // each call asks Redis; leases of several permits
            FallbackRateLimiter limiter = new FallbackRateLimiter(
                    new RedisRateLimiter(connector, redis.keyPrefix() + preallocate + ":", preallocate, circuit),
                    new MapRateLimiter(Clock.systemUTC()));
            RateLimit fourPerMinute = new RateLimit("login-user", 4, Duration.ofMinutes(1));
            for (String key : NAMES) {
                for (int i = 0; i < 4; i++) {
                    assertTrue(limiter.tryAcquire(fourPerMinute, key).allowed(), key);
                }
                assertFalse(limiter.tryAcquire(fourPerMinute, key).allowed(), key);
            }
        }
        assertNothingFailed();
    }

    @Test
    void theHealthCheck() {
        RedisHealthIndicator health = new RedisHealthIndicator(circuit, connector, redis.keyPrefix());

        var result = health.check();

        assertEquals(HealthStatus.UP, result.status(), result.details()::toString);
        assertEquals("cluster", result.details().get("mode"));
        assertEquals("ok", result.details().get("clusterState"));
        assertEquals(16_384L, result.details().get("slotsAssigned"));
        assertEquals(16_384L, result.details().get("slotsOk"));
        assertEquals(0L, result.details().get("slotsFail"));
        assertEquals(6L, result.details().get("knownNodes"));
        assertEquals(3L, result.details().get("size"));
        assertNothingFailed();
    }

    private void assertNothingFailed() {
        assertEquals(List.of(), failures, "commands that failed (CROSSSLOT, MOVED, ASK or any other)");
        assertFalse(circuit.isOpen());
        assertEquals(Optional.empty(), circuit.status().lastError(), "the circuit saw no error");
    }
}
