package dev.portkit.adapters.redis;

import static dev.portkit.adapters.redis.RedisTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.CacheInvalidation;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CacheUnavailableException;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RedisCacheCoherence}: what a change feed applies reaches Redis itself, even while the circuit is
 * open (its recovery), and fails rather than journals when Redis is down; dropping local copies drops this
 * instance's near cache and fallback but leaves Redis alone.
 */
class RedisCacheCoherenceIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static final Codec<String> UTF8 = Codec.utf8();
    private static final CacheNamespace CONTENT = CacheNamespace.of("content-item-event", Duration.ofMinutes(5));
    private static final Duration MARGIN = Duration.ofSeconds(5);
    /** The near TTL is long: only an invalidation can make a copy go. */
    private static final NearCacheSettings NEAR =
            new NearCacheSettings(true, Duration.ofMinutes(5), 1_000, List.of("content-"));

    private final List<AutoCloseable> opened = new ArrayList<>();
    private String prefix;

    @BeforeEach
    void start() {
        redis.start();
        prefix = "coherence-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        redis.start();
    }

    @Test
    void appliedToRedisEveryInstanceDropsItsCopy() {
        Instance writer = new Instance(Duration.ofMinutes(1));
        Instance reader = new Instance(Duration.ofMinutes(1));
        RedisCache writerCache = writer.cache(NEAR);
        RedisCache readerCache = reader.cache(NEAR);
        writerCache.put(CONTENT, "k", "v1", UTF8);
        await(
                () -> readerCache.get(CONTENT, "k", UTF8).isPresent()
                        && readerCache.nearCacheForTest().size() == 1,
                MARGIN,
                "the reader holds a near copy");

        new RedisCacheCoherence(writerCache, writer.circuit)
                .applyShared(List.of(CacheInvalidation.ofKeys(CONTENT, List.of("k"))));

        assertEquals(Optional.empty(), writerCache.get(CONTENT, "k", UTF8), "gone from Redis");
        await(() -> readerCache.get(CONTENT, "k", UTF8).isEmpty(), MARGIN, "the reader's copy went with the message");
    }

    @Test
    void droppingLocalCopiesLeavesRedisAlone() {
        Instance silent = new Instance(Duration.ofMinutes(1));
        Instance reader = new Instance(Duration.ofMinutes(1));
        RedisCache silentCache = silent.cache(NearCacheSettings.DISABLED); // publishes nothing
        RedisCache readerCache = reader.cache(NEAR);
        silentCache.put(CONTENT, "k", "v1", UTF8);
        assertEquals(Optional.of("v1"), readerCache.get(CONTENT, "k", UTF8));
        silentCache.put(CONTENT, "k", "v2", UTF8); // a lost message
        assertEquals(Optional.of("v1"), readerCache.get(CONTENT, "k", UTF8), "the near copy is stale");

        new RedisCacheCoherence(readerCache, reader.circuit).dropLocal(List.of(CacheInvalidation.ofNamespace(CONTENT)));

        assertEquals(Optional.of("v2"), readerCache.get(CONTENT, "k", UTF8));
        assertEquals(Optional.of("v2"), silentCache.get(CONTENT, "k", UTF8), "Redis keeps its entry");
    }

    @Test
    void appliedWhileTheCircuitIsOpenButNeverJournaledWhenRedisIsDown() {
        Instance instance = new Instance(Duration.ofMinutes(10)); // no probe closes it during the test
        RedisCache cache = instance.cache(NearCacheSettings.DISABLED);
        RedisCacheCoherence coherence = new RedisCacheCoherence(cache, instance.circuit);
        cache.put(CONTENT, "k", "v1", UTF8);
        assertTrue(coherence.sharedStoreAvailable());
        redis.stop();
        assertFalse(instance.circuit.probeNow(), "the circuit opens");
        assertFalse(coherence.sharedStoreAvailable());

        List<CacheInvalidation> delete = List.of(CacheInvalidation.ofKeys(CONTENT, List.of("k")));
        assertThrows(CacheUnavailableException.class, () -> coherence.applyShared(delete));
        assertEquals(0, cache.pendingInvalidations(), "a failure, not a journal entry");

        redis.start(); // empty: put v1 back behind the open circuit
        Instance other = new Instance(Duration.ofMinutes(1));
        other.cache(NearCacheSettings.DISABLED).put(CONTENT, "k", "v1", UTF8);
        coherence.applyShared(delete); // the circuit is still open: the recovery's path
        assertTrue(instance.circuit.isOpen());
        assertEquals(Optional.empty(), other.cache(NearCacheSettings.DISABLED).get(CONTENT, "k", UTF8));
    }

    @Test
    void theCatchUpRunsBeforeTheCircuitCloses() {
        Instance instance = new Instance(Duration.ofMillis(100));
        RedisCache cache = instance.cache(NearCacheSettings.DISABLED);
        RedisCacheCoherence coherence = new RedisCacheCoherence(cache, instance.circuit);
        List<Boolean> openDuringCatchUp = new ArrayList<>();
        coherence.beforeSharedStoreServes(() -> openDuringCatchUp.add(instance.circuit.isOpen()));
        redis.stop();
        assertFalse(instance.circuit.probeNow());

        redis.start();
        await(() -> !instance.circuit.isOpen(), MARGIN, "the circuit closes");

        assertFalse(openDuringCatchUp.isEmpty(), "the catch-up ran");
        assertTrue(openDuringCatchUp.stream().allMatch(open -> open), "before the circuit closed");
    }

    /** One service instance: its own client, connections and circuit. */
    private final class Instance {

        final RedisConnector connector;
        final RedisCircuit circuit;

        Instance(Duration openWait) {
            RedisClient client = LettuceClients.create(RedisTestSupport.settingsFor(redis, Duration.ofSeconds(2)));
            connector = new RedisConnector(client);
            circuit = new RedisCircuit(
                    new RedisBreakerSettings(50, 5, openWait),
                    () -> connector.strings().sync().ping());
            opened.add(client::shutdown);
            opened.add(connector);
            opened.add(circuit);
        }

        RedisCache cache(NearCacheSettings near) {
            RedisCache cache = new RedisCache(
                    connector,
                    circuit,
                    new MapCache(),
                    RedisCacheSettings.withPrefix(prefix).withNear(near));
            if (near.enabled()) {
                cache.nearCacheForTest().subscribeNow();
                await(() -> cache.nearCacheForTest().listening(), MARGIN, "subscribed");
            }
            return cache;
        }
    }
}
