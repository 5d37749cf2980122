package dev.portkit.adapters.redis;

import static dev.portkit.adapters.redis.RedisTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CachePayload;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract with the near cache on for every namespace, and two instances (two clients)
 * sharing one Redis: what one writes, the other sees within the near cache's window, even when the
 * invalidation messages are lost.
 */
class NearCachedRedisCacheIT extends CacheContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static final CacheNamespace CONTENT = CacheNamespace.of("content-item-article", Duration.ofMinutes(5));
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private static Instance first;
    private static Instance second;

    @BeforeAll
    static void connect() {
        first = new Instance();
        second = new Instance();
    }

    @AfterAll
    static void disconnect() {
        first.close();
        second.close();
    }

    @Override
    protected Cache createCache(String keyPrefix) {
        return first.cache(keyPrefix, new NearCacheSettings(true, Duration.ofSeconds(2), 1_000, List.of("")));
    }

    @Test
    void anUpdateThroughOneInstanceIsSeenThroughTheOther() {
        String prefix = uniquePrefix();
        NearCacheSettings near = new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("content-"));
        RedisCache a = first.cache(prefix, near);
        RedisCache b = second.cache(prefix, near);
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
        String prefix = uniquePrefix();
        Duration nearTtl = Duration.ofMillis(500);
        RedisCache b = second.cache(prefix, new NearCacheSettings(true, nearTtl, 1_000, List.of("content-")));
        // an instance without a near cache publishes nothing: its writes are lost messages
        RedisCache silent = first.cache(prefix, NearCacheSettings.DISABLED);
        silent.put(CONTENT, "k", "v1", UTF8);
        assertEquals(Optional.of("v1"), b.get(CONTENT, "k", UTF8));
        assertEquals(1, b.nearCacheForTest().size());

        silent.put(CONTENT, "k", "v2", UTF8);
        long written = System.nanoTime();
        assertFreshAfter(b, written, nearTtl.plus(MARGIN), "v2");
    }

    @Test
    void aDroppedSubscriptionEmptiesTheNearCache() {
        String prefix = uniquePrefix();
        NearCacheSettings near = new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("content-"));
        RedisCache b = second.cache(prefix, near);
        RedisCache silent = first.cache(prefix, NearCacheSettings.DISABLED);
        silent.put(CONTENT, "k", "v1", UTF8);
        assertEquals(Optional.of("v1"), b.get(CONTENT, "k", UTF8));
        assertEquals(1, b.nearCacheForTest().size());

        // a change whose message is lost, then the subscription drops: reconnecting must empty the L1
        silent.put(CONTENT, "k", "v2", UTF8);
        long killed = first.connector.strings().sync().clientKill(KillArgs.Builder.typePubsub());
        assertTrue(killed >= 1, "killed " + killed);

        // the near TTL is a minute: only emptying the L1 on the disconnect can make this pass
        await(() -> b.get(CONTENT, "k", UTF8).equals(Optional.of("v2")), MARGIN, "v2 after the disconnect");
        await(() -> b.nearCacheForTest().listening(), Duration.ofSeconds(10), "subscribed again");
        assertEquals(Optional.of("v2"), b.get(CONTENT, "k", UTF8));
        assertEquals(1, b.nearCacheForTest().size(), "the near cache is in use again");
    }

    @Test
    void aReadRacingAnEvictionLeavesNothingInTheNearCache() {
        NearCache near = second.cache(
                        uniquePrefix(), new NearCacheSettings(true, Duration.ofMinutes(1), 1_000, List.of("content-")))
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

    /** One service instance: its own client, connections and circuit. */
    private static final class Instance implements AutoCloseable {

        final RedisClient client = LettuceClients.create(RedisTestSupport.settingsFor(redis));
        final RedisConnector connector = new RedisConnector(client);
        final RedisCircuit circuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> connector.strings().sync().ping());

        RedisCache cache(String prefix, NearCacheSettings near) {
            RedisCache cache = new RedisCache(
                    connector,
                    circuit,
                    new MapCache(),
                    RedisCacheSettings.withPrefix(prefix).withNear(near));
            if (near.enabled()) {
                cache.nearCacheForTest().subscribeNow();
                await(() -> cache.nearCacheForTest().listening(), Duration.ofSeconds(10), "subscribed");
            }
            return cache;
        }

        @Override
        public void close() {
            circuit.close();
            connector.close();
            client.shutdown();
        }
    }
}
