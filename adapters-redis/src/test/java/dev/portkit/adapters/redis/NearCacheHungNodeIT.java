package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.testsupport.RedisNode;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node an instance's invalidation subscription sits on hangs (SIGSTOP: alive, connections open, nothing
 * answered), so invalidations stop arriving without any disconnect. The instance notices within its
 * heartbeat's silence limit, stops serving from its near cache (so it reads another instance's write from
 * Redis, although its near TTL is a minute), and moves its subscription to a node that answers, while the
 * hung node still hangs. On a Cluster that is a node without the key; on Sentinel it is the primary, so
 * both instances wait for the Sentinels to promote the replica meanwhile (serving from their fallbacks).
 */
class NearCacheHungNodeIT {

    private static final Logger log = LoggerFactory.getLogger(NearCacheHungNodeIT.class);

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final CacheNamespace ITEMS = CacheNamespace.of("content-item-article", Duration.ofMinutes(5));
    private static final Codec<String> UTF8 = Codec.utf8();
    private static final NearCacheSettings NEAR =
            new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("content-"));
    private static final Duration PATIENT = Duration.ofSeconds(30);

    private Runnable resume = () -> {};
    private Runnable awaitHealthy = () -> {};

    @AfterEach
    void restore() {
        resume.run();
        awaitHealthy.run();
    }

    @ParameterizedTest
    @EnumSource(
            value = Topology.class,
            names = {"SENTINEL", "CLUSTER"})
    void aHungSubscriptionNodeTurnsTheNearCacheOffUntilTheSubscriptionMoves(Topology topology)
            throws InterruptedException {
        String name = "near-hang-" + UUID.randomUUID();
        RedisCache reader = cache(redis.newConnector(redis.settings(topology).withClientName(name)), topology);
        RedisCache writer = cache(redis.newConnector(redis.settings(topology)), topology);
        Eventually.awaitSubscribed(reader.nearCacheForTest());
        Eventually.awaitSubscribed(writer.nearCacheForTest());

        String key = hangTheSubscriptionNodeAndPickAKeyElsewhere(topology, name, reader);
        writer.put(ITEMS, key, "v1", UTF8);
        Eventually.await(
                () -> reader.get(ITEMS, key, UTF8).equals(Optional.of("v1"))
                        && reader.nearCacheForTest().size() == 1,
                PATIENT,
                "the reader's near cache holds v1");

        // traffic on the reader all along, as a service would have: reads drive its heartbeat
        List<Optional<String>> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (reading.get()) {
                seen.add(reader.get(ITEMS, key, UTF8));
                Eventually.sleep(Duration.ofMillis(10));
            }
        });
        long hung = System.nanoTime();
        resume = hang(topology, name);
        traffic.start();
        Duration off;
        try {
            Eventually.await(() -> !reader.nearCacheForTest().listening(), PATIENT, "the silence is noticed");
            off = Duration.ofNanos(System.nanoTime() - hung);
            // its invalidation never reaches the reader; on Sentinel it reaches Redis once the primary moved
            Eventually.await(
                    () -> {
                        writer.put(ITEMS, key, "v2", UTF8);
                        return writer.pendingInvalidations() == 0;
                    },
                    PATIENT,
                    "v2 reaches Redis");
            Eventually.await(() -> seen.contains(Optional.of("v2")), PATIENT, "v2 read from Redis");
            Eventually.await(() -> reader.nearCacheForTest().listening(), PATIENT, "subscribed on a node that answers");
        } finally {
            reading.set(false);
            traffic.join(10_000);
        }
        Duration back = Duration.ofNanos(System.nanoTime() - hung);
        List<Optional<String>> reads = List.copyOf(seen);
        assertFalse(
                reads.subList(reads.indexOf(Optional.of("v2")), reads.size()).contains(Optional.of("v1")),
                "never the old value once the new one was read: " + reads);

        Eventually.await(
                () -> reader.get(ITEMS, key, UTF8).equals(Optional.of("v2"))
                        && reader.nearCacheForTest().size() == 1,
                PATIENT,
                "the near cache is in use again");
        Eventually.await(
                () -> {
                    writer.put(ITEMS, key, "v3", UTF8);
                    return writer.pendingInvalidations() == 0;
                },
                PATIENT,
                "the writer reaches Redis");
        Eventually.await(
                () -> reader.get(ITEMS, key, UTF8).equals(Optional.of("v3")),
                Duration.ofSeconds(5),
                "the invalidation arrives on the new subscription (the near TTL is a minute)");

        log.info(
                "{}: near cache off {} ms after its subscription's node hung (reads all along), subscribed again"
                        + " after {} ms",
                topology,
                off.toMillis(),
                back.toMillis());
    }

    private static RedisCache cache(RedisConnector connector, Topology topology) {
        RedisCircuit circuit = redis.closeAfterTest(
                new RedisCircuit(new RedisBreakerSettings(50, 5, Duration.ofMillis(500)), connector::ping));
        return new RedisCache(
                connector,
                circuit,
                new MapCache(),
                RedisCacheSettings.withPrefix(redis.keyPrefix()).withNear(NEAR));
    }

    /**
     * Finds the node of the reader's subscription and returns a key whose master is another node (on Sentinel
     * there is only the primary: any key).
     */
    private String hangTheSubscriptionNodeAndPickAKeyElsewhere(Topology topology, String name, RedisCache reader) {
        if (topology == Topology.SENTINEL) {
            return "k";
        }
        RedisNode node = subscriptionNode(name);
        for (int i = 0; ; i++) {
            String key = "k" + i;
            int slot = SlotHash.getSlot(reader.entryKeyForTest(ITEMS, key));
            if (redis.cluster().masterOf(slot) != node) {
                return key;
            }
        }
    }

    /** Hangs the node the client named {@code name} subscribes on; returns how to resume it. */
    private Runnable hang(Topology topology, String name) {
        if (topology == Topology.SENTINEL) {
            RedisNode primary = redis.sentinel().master();
            primary.hang();
            awaitHealthy = () -> redis.sentinel().awaitHealthy();
            return primary::resume;
        }
        RedisNode node = subscriptionNode(name);
        log.info("hanging {}, where the reader subscribes", node);
        node.hang();
        awaitHealthy = () -> redis.cluster().awaitHealthy();
        return node::resume;
    }

    private static RedisNode subscriptionNode(String name) {
        for (RedisNode node : redis.cluster().nodes()) {
            String clients =
                    String.valueOf(node.call("CLIENT", "LIST", "TYPE", "pubsub").orElse(""));
            if (clients.contains("name=" + name + " ")) {
                return node;
            }
        }
        throw new AssertionError("no node has the subscription of " + name);
    }
}
