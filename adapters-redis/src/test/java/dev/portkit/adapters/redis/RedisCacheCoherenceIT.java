package dev.portkit.adapters.redis;

import static dev.portkit.adapters.redis.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.CacheInvalidation;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CacheUnavailableException;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** Its own Redis: the tests stop it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Codec<String> UTF8 = Codec.utf8();
    private static final CacheNamespace CONTENT = CacheNamespace.of("content-item-event", Duration.ofMinutes(5));
    private static final Duration MARGIN = Duration.ofSeconds(5);
    /** The near TTL is long: only an invalidation can make a copy go. */
    private static final NearCacheSettings NEAR =
            new NearCacheSettings(true, Duration.ofMinutes(5), 1_000, List.of("content-"));

    @BeforeEach
    void start() {
        redis.server().start();
    }

    @AfterEach
    void restart() {
        redis.server().start();
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
        redis.server().stop();
        assertFalse(instance.circuit.probeNow(), "the circuit opens");
        assertFalse(coherence.sharedStoreAvailable());

        List<CacheInvalidation> delete = List.of(CacheInvalidation.ofKeys(CONTENT, List.of("k")));
        assertThrows(CacheUnavailableException.class, () -> coherence.applyShared(delete));
        assertEquals(0, cache.pendingInvalidations(), "a failure, not a journal entry");

        redis.server().start(); // empty: put v1 back behind the open circuit
        Instance other = new Instance(Duration.ofMinutes(1));
        other.cache(NearCacheSettings.DISABLED).put(CONTENT, "k", "v1", UTF8);
        // the circuit is still open: the recovery's path, which tries again until Lettuce has reconnected
        await(() -> applied(coherence, delete), MARGIN, "applied once Redis is back");
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
        redis.server().stop();
        assertFalse(instance.circuit.probeNow());

        redis.server().start();
        await(() -> !instance.circuit.isOpen(), MARGIN, "the circuit closes");

        assertFalse(openDuringCatchUp.isEmpty(), "the catch-up ran");
        assertTrue(openDuringCatchUp.stream().allMatch(open -> open), "before the circuit closed");
    }

    private static boolean applied(RedisCacheCoherence coherence, List<CacheInvalidation> invalidations) {
        try {
            coherence.applyShared(invalidations);
            return true;
        } catch (CacheUnavailableException notYet) {
            return false;
        }
    }

    /** One service instance: its own client, connections and circuit. */
    private final class Instance {

        final RedisConnector connector;
        final RedisCircuit circuit;

        Instance(Duration openWait) {
            connector = redis.newConnector(redis.settings());
            circuit = redis.closeAfterTest(
                    new RedisCircuit(new RedisBreakerSettings(50, 5, openWait), () -> connector.ping()));
        }

        RedisCache cache(NearCacheSettings near) {
            RedisCache cache = new RedisCache(
                    connector,
                    circuit,
                    new MapCache(),
                    RedisCacheSettings.withPrefix(redis.keyPrefix()).withNear(near));
            if (near.enabled()) {
                Eventually.awaitSubscribed(cache.nearCacheForTest());
            }
            return cache;
        }
    }
}
