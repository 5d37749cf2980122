package dev.portkit.adapters.redis;

import static dev.portkit.adapters.redis.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.CacheHistoryChecker;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CachePayload;
import dev.portkit.domain.cache.MapCache;
import io.lettuce.core.KillArgs;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cache contract with the near cache on for every namespace, and two instances (two clients)
 * sharing one Redis, in each topology: what one writes, the other sees within the near cache's
 * window, even when the invalidation messages are lost. On a Cluster the two instances' subscriptions
 * usually sit on different nodes: classic pub/sub reaches them all.
 */
@ParameterizedClass
@EnumSource(Topology.class)
class NearCachedRedisCacheIT extends CacheContract {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final CacheNamespace CONTENT = CacheNamespace.of("content-item-article", Duration.ofMinutes(5));
    private static final Duration MARGIN = Duration.ofSeconds(3);
    /** A command timeout no loaded machine reaches, for tests that a timeout would invalidate. */
    private static final Duration PATIENT = Duration.ofSeconds(10);

    /** Two instances per topology, shared by the tests of the class. */
    private static final Map<Topology, List<Instance>> INSTANCES = new EnumMap<>(Topology.class);

    @Parameter
    Topology topology;

    @AfterAll
    static void disconnect() {
        INSTANCES.values().forEach(pair -> pair.forEach(Instance::close));
        INSTANCES.clear();
    }

    private Instance first() {
        return instances().get(0);
    }

    private Instance second() {
        return instances().get(1);
    }

    private List<Instance> instances() {
        return INSTANCES.computeIfAbsent(
                topology,
                t -> List.of(
                        new Instance(t, RedisExtension.COMMAND_TIMEOUT, null),
                        new Instance(t, RedisExtension.COMMAND_TIMEOUT, null)));
    }

    /** A key prefix of this test's own, under the extension's. */
    private static String testPrefix() {
        return redis.keyPrefix() + uniquePrefix();
    }

    @Override
    protected Cache createCache(String keyPrefix) {
        return first().cache(
                        redis.keyPrefix() + keyPrefix,
                        new NearCacheSettings(true, Duration.ofSeconds(2), 1_000, List.of("")));
    }

    @Test
    void anUpdateThroughOneInstanceIsSeenThroughTheOther() {
        String prefix = testPrefix();
        NearCacheSettings near = new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("content-"));
        RedisCache a = first().cache(prefix, near);
        RedisCache b = second().cache(prefix, near);
        a.put(CONTENT, "k", "v1", UTF8);
        // a read racing the put's own message leaves the near cache empty, on purpose: read again
        await(
                () -> b.get(CONTENT, "k", UTF8).equals(Optional.of("v1"))
                        && b.nearCacheForTest().size() == 1,
                MARGIN,
                "the read fills the near cache");

        a.put(CONTENT, "k", "v2", UTF8);
        // the near TTL is a minute: only the invalidation message can make this pass
        await(() -> b.get(CONTENT, "k", UTF8).equals(Optional.of("v2")), MARGIN, "the other instance sees v2");

        a.invalidate(CONTENT);
        await(() -> b.get(CONTENT, "k", UTF8).isEmpty(), MARGIN, "the other instance sees the invalidation");

        a.put(CONTENT, "k", "v3", UTF8);
        assertEquals(Optional.of("v3"), b.get(CONTENT, "k", UTF8));
        a.delete(CONTENT, "k");
        await(() -> b.get(CONTENT, "k", UTF8).isEmpty(), MARGIN, "the other instance sees the delete");
    }

    @Test
    void aLostMessageKeepsAStaleValueNoLongerThanTheNearTtl() {
        String prefix = testPrefix();
        Duration nearTtl = Duration.ofMillis(500);
        RedisCache b = second().cache(prefix, new NearCacheSettings(true, nearTtl, 1_000, List.of("content-")));
        // an instance without a near cache publishes nothing: its writes are lost messages
        RedisCache silent = first().cache(prefix, NearCacheSettings.DISABLED);
        silent.put(CONTENT, "k", "v1", UTF8);
        await(
                () -> b.get(CONTENT, "k", UTF8).equals(Optional.of("v1"))
                        && b.nearCacheForTest().size() == 1,
                MARGIN,
                "the read fills the near cache");

        silent.put(CONTENT, "k", "v2", UTF8);
        long written = System.nanoTime();
        assertFreshAfter(b, written, nearTtl.plus(MARGIN), "v2");
    }

    @Test
    void aDroppedSubscriptionEmptiesTheNearCache() {
        String prefix = testPrefix();
        NearCacheSettings near = new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("content-"));
        RedisCache b = second().cache(prefix, near);
        RedisCache silent = first().cache(prefix, NearCacheSettings.DISABLED);
        silent.put(CONTENT, "k", "v1", UTF8);
        await(
                () -> b.get(CONTENT, "k", UTF8).equals(Optional.of("v1"))
                        && b.nearCacheForTest().size() == 1,
                MARGIN,
                "the read fills the near cache");

        // a change whose message is lost, then the subscription drops: reconnecting must empty the L1
        silent.put(CONTENT, "k", "v2", UTF8);
        killPubSubConnections();

        // the near TTL is a minute: only emptying the L1 on the disconnect can make this pass
        await(() -> b.get(CONTENT, "k", UTF8).equals(Optional.of("v2")), MARGIN, "v2 after the disconnect");
        await(() -> b.nearCacheForTest().listening(), Duration.ofSeconds(10), "subscribed again");
        assertEquals(Optional.of("v2"), b.get(CONTENT, "k", UTF8));
        assertEquals(1, b.nearCacheForTest().size(), "the near cache is in use again");
    }

    @Test
    void aReadRacingAnEvictionLeavesNothingInTheNearCache() {
        NearCache near = second().cache(
                        testPrefix(), new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("content-")))
                .nearCacheForTest();
        String ns = CONTENT.name();
        RedisCacheStore.Found old =
                new RedisCacheStore.Found(new byte[0], CachePayload.ofValue("old", UTF8), 60_000, null);

        near.read(ns, "k", () -> {
            near.evictKey(ns, "k"); // the invalidation message arrives while Redis answers
            return old;
        });
        assertEquals(0, near.size());
        near.read(ns, "k", () -> {
            near.evictNamespace(ns);
            return old;
        });
        assertEquals(0, near.size());
        near.read(ns, "k", () -> {
            near.clear();
            return old;
        });
        assertEquals(0, near.size());

        near.read(ns, "k", () -> old);
        assertEquals(1, near.size(), "without a race the read fills the near cache");
    }

    /** A change made through the instance that then reads; {@code expected} is what it must read. */
    enum Change {
        PUT(Optional.of("v2")),
        DELETE(Optional.empty()),
        DELETE_ALL(Optional.empty()),
        INVALIDATE(Optional.empty());

        final Optional<String> expected;

        Change(Optional<String> expected) {
            this.expected = expected;
        }

        void apply(Cache cache) {
            switch (this) {
                case PUT -> cache.put(CONTENT, "k", "v2", UTF8);
                case DELETE -> cache.delete(CONTENT, "k");
                case DELETE_ALL -> cache.deleteAll(CONTENT, List.of("k", "other"));
                case INVALIDATE -> cache.invalidate(CONTENT);
            }
        }
    }

    /**
     * The writer is held just before its script leaves for Redis while the same instance reads the
     * key: that read may see the old value (the write has not happened), but a read after the write
     * has returned never may, although the near TTL is a minute and the instance ignores its own
     * invalidation messages.
     */
    @ParameterizedTest
    @EnumSource(Change.class)
    void aReadAfterTheWriteReturnedNeverSeesTheOldValueOnTheWritingInstance(Change change) throws Exception {
        HoldBeforeSending hold = new HoldBeforeSending();
        try (Instance instance = new Instance(topology, PATIENT, hold)) { // a timeout would journal the write
            RedisCache cache = instance.cache(
                    testPrefix(), new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("")));
            cache.put(CONTENT, "k", "v1", UTF8);
            await(
                    () -> cache.get(CONTENT, "k", UTF8).equals(Optional.of("v1"))
                            && cache.nearCacheForTest().size() == 1,
                    MARGIN,
                    "v1 in the near cache");
            CompletableFuture<Void> written = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    change.apply(cache);
                    written.complete(null);
                } catch (Throwable t) {
                    written.completeExceptionally(t);
                }
            });
            hold.scriptsOf(writer);
            writer.start();
            try {
                assertTrue(hold.reached.await(10, TimeUnit.SECONDS), "the writer is about to send its script");
                assertEquals(Optional.of("v1"), cache.get(CONTENT, "k", UTF8), "before the write: the old value");
            } finally {
                hold.release.countDown();
            }
            written.get(10, TimeUnit.SECONDS);

            assertEquals(change.expected, cache.get(CONTENT, "k", UTF8), "after the write returned");
            assertEquals(0, cache.pendingInvalidations(), "the write reached Redis");
        }
    }

    /** Holds one thread's first script call just before Lettuce writes it to the connection. */
    private static final class HoldBeforeSending implements CommandListener {

        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private volatile Thread target;

        void scriptsOf(Thread thread) {
            target = thread;
        }

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (Thread.currentThread() == target && event.getCommand().getType() == CommandType.EVALSHA) {
                target = null;
                reached.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The randomized checker across two instances: a read through the instance that wrote never
     * returns an older version once the write has returned; through the other instance, not once the
     * near TTL has passed (here 300 ms; the invalidation messages normally make it far less).
     */
    @Test
    void noInstanceReturnsAVersionOlderThanTheStalenessBoundAllows() {
        Duration nearTtl = Duration.ofMillis(300);
        String prefix = testPrefix();
        NearCacheSettings near = new NearCacheSettings(true, nearTtl, 1_000, List.of(""));
        // patient: a timeout on a loaded machine would put an instance on its fallback, which does
        // not see the other's writes (the outage bound is CACHE_FALLBACK_MAX_TTL, not this one)
        try (Instance one = new Instance(topology, PATIENT, null);
                Instance other = new Instance(topology, PATIENT, null)) {
            RedisCache a = one.cache(prefix, near);
            RedisCache b = other.cache(prefix, near);

            int operations = CacheHistoryChecker.defaults().check(List.of(a, b), nearTtl);

            assertTrue(operations > 100, "the checker ran " + operations + " operations");
            assertEquals(0, one.circuit.outages() + other.circuit.outages(), "Redis stayed in use");
        }
    }

    /** Polls until {@code window} has passed: a stale value is allowed within it, never after. */
    private static void assertFreshAfter(Cache cache, long sinceNanos, Duration window, String fresh) {
        long end = sinceNanos + window.toNanos();
        while (System.nanoTime() < end + Duration.ofMillis(200).toNanos()) {
            Optional<String> seen = cache.get(CONTENT, "k", UTF8);
            if (System.nanoTime() > end) {
                assertEquals(Optional.of(fresh), seen, "stale beyond the window");
            }
            sleep(Duration.ofMillis(20));
        }
        assertEquals(Optional.of(fresh), cache.get(CONTENT, "k", UTF8));
    }

    /**
     * Kills every pub/sub connection, as a network blip would: on each node of a Cluster, on the
     * primary (and replica) of a Sentinel group. Lettuce reconnects and subscribes again.
     */
    private void killPubSubConnections() {
        long killed = 0;
        switch (topology) {
            case STANDALONE -> killed = redis.connector().strings().clientKill(KillArgs.Builder.typePubsub());
            case SENTINEL -> {
                for (var node : redis.sentinel().dataNodes()) {
                    killed +=
                            (Long) node.call("CLIENT", "KILL", "TYPE", "pubsub").orElseThrow();
                }
            }
            case CLUSTER -> {
                for (var node : redis.cluster().nodes()) {
                    killed +=
                            (Long) node.call("CLIENT", "KILL", "TYPE", "pubsub").orElseThrow();
                }
            }
        }
        assertTrue(killed >= 1, "killed " + killed);
    }

    /** One service instance: its own client, connections and circuit. */
    private static final class Instance implements AutoCloseable {

        final RedisConnector connector;
        final RedisCircuit circuit;

        /** @param listener sees every command this instance sends, or null */
        Instance(Topology topology, Duration commandTimeout, CommandListener listener) {
            connector = RedisConnector.open(redis.settings(topology).withCommandTimeout(commandTimeout));
            if (listener != null) {
                connector.addListener(listener);
            }
            circuit = new RedisCircuit(RedisBreakerSettings.DEFAULTS, () -> connector.ping());
        }

        RedisCache cache(String prefix, NearCacheSettings near) {
            RedisCache cache = new RedisCache(
                    connector,
                    circuit,
                    new MapCache(),
                    RedisCacheSettings.withPrefix(prefix).withNear(near));
            if (near.enabled()) {
                Eventually.awaitSubscribed(cache.nearCacheForTest());
            }
            return cache;
        }

        @Override
        public void close() {
            circuit.close();
            connector.close();
        }
    }
}
