package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which commands the cache sends, counted by a Redis of the test's own ({@code INFO commandstats} counts
 * every client's commands, and a Cluster counts per node): a read is one {@code MGET}, nothing ever walks
 * the keyspace, and an invalidation is one script per bucket.
 */
class RedisCacheCommandsIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Codec<String> UTF8 = Codec.utf8();
    private static final CacheNamespace ARTICLES = CacheNamespace.of("articles", Duration.ofMinutes(5));

    private Cache cache;

    @BeforeEach
    void createCache() {
        cache = new RedisCache(
                redis.connector(), redis.circuit(), new MapCache(), RedisCacheSettings.withPrefix(redis.keyPrefix()));
    }

    @Test
    void neitherKeysNorScanIsEverSent() {
        redis.connector().strings().configResetstat();
        CacheNamespace ns = new CacheNamespace("stats-check", Duration.ofMinutes(1), Duration.ofSeconds(10));
        cache.put(ns, "k1", "v", UTF8);
        cache.getOrLoad(ns, "k2", UTF8, Optional::empty);
        cache.deleteAll(ns, List.of("k1", "k2"));
        cache.invalidate(ns);
        cache.get(ns, "k1", UTF8);

        String commandStats = redis.connector().strings().info("commandstats");
        assertTrue(commandStats.contains("cmdstat_evalsha") || commandStats.contains("cmdstat_eval"), commandStats);
        assertFalse(commandStats.contains("cmdstat_keys:"), commandStats);
        assertFalse(commandStats.contains("cmdstat_scan:"), commandStats);
    }

    @Test
    void aReadIsOneMgetAndNoScript() {
        cache.put(ARTICLES, "a1", "v1", UTF8);
        redis.connector().strings().configResetstat();

        assertEquals(Optional.of("v1"), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a2", UTF8));

        String commandStats = redis.connector().strings().info("commandstats");
        assertTrue(commandStats.contains("cmdstat_mget:calls=2,"), commandStats);
        assertFalse(commandStats.contains("cmdstat_evalsha:"), commandStats);
        assertFalse(commandStats.contains("cmdstat_get:"), commandStats);
    }

    @Test
    void anInvalidationIsOneScriptPerBucket() {
        cache.invalidate(ARTICLES); // loads the script
        redis.connector().strings().configResetstat();

        cache.invalidate(ARTICLES);

        String commandStats = redis.connector().strings().info("commandstats");
        assertTrue(commandStats.contains("cmdstat_evalsha:calls=" + RedisCacheStore.BUCKETS + ","), commandStats);
    }
}
