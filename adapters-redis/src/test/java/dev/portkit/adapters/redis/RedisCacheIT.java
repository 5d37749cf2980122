package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.CacheKeys;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CachePayload;
import dev.portkit.domain.cache.MapCache;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cache contract on a real Redis in each topology (standalone, Sentinel, Cluster), plus what only
 * Redis can show: the key layout, slots and TTLs.
 */
@ParameterizedClass
@EnumSource(Topology.class)
class RedisCacheIT extends CacheContract {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Parameter
    Topology topology;

    private String prefix;

    @Override
    protected Cache createCache(String keyPrefix) {
        prefix = redis.keyPrefix() + keyPrefix;
        return new RedisCache(
                redis.connector(topology),
                redis.circuit(topology),
                new MapCache(),
                RedisCacheSettings.withPrefix(prefix));
    }

    @Test
    void everyKeyLivesUnderThePrefixWithItsTtl() {
        cache.put(ARTICLES, "a1", "v1", UTF8, Duration.ofSeconds(30));
        cache.invalidate(USERS);

        List<String> keys = keysUnder(prefix);
        int bucket = RedisCacheStore.bucket("a1");
        List<String> expectedGenerations = new ArrayList<>(List.of(prefix + "cache:{articles:" + bucket + "}:gen"));
        IntStream.range(0, RedisCacheStore.BUCKETS)
                .forEach(b -> expectedGenerations.add(prefix + "cache:{users:" + b + "}:gen"));
        assertEquals(
                expectedGenerations.stream().sorted().toList(),
                keys.stream().filter(k -> k.endsWith(":gen")).sorted().toList(),
                "invalidating an unused namespace creates every bucket's generation: a load that saw none must"
                        + " not store");
        String payloadKey =
                keys.stream().filter(k -> k.endsWith(":a1")).findFirst().orElseThrow();
        assertEquals(prefix + "cache:{articles:" + bucket + "}:v:a1", payloadKey);
        long ttl = redis().pttl(payloadKey);
        assertTrue(ttl > 25_000 && ttl <= 30_000, "PTTL " + ttl);
        assertEquals(-1, redis().pttl(prefix + "cache:{articles:" + bucket + "}:gen"), "generations do not expire");
        assertEquals(-1, redis().pttl(prefix + "cache:{users:0}:gen"), "generations do not expire");
    }

    @Test
    void aNamespaceSpreadsOverManySlotsWhileAKeyAndItsGenerationShareOne() {
        List<String> keys = IntStream.range(0, 200).mapToObj(i -> "item-" + i).toList();
        keys.forEach(key -> cache.put(ARTICLES, key, "v", UTF8));

        Set<Integer> slots = keys.stream()
                .map(key -> SlotHash.getSlot(((RedisCache) cache).entryKeyForTest(ARTICLES, key)))
                .collect(Collectors.toSet());
        assertEquals(RedisCacheStore.BUCKETS, slots.size(), "one slot per bucket");
        for (String key : keys) {
            int bucket = RedisCacheStore.bucket(key);
            assertEquals(
                    SlotHash.getSlot(((RedisCache) cache).genKeyForTest(ARTICLES, bucket)),
                    SlotHash.getSlot(((RedisCache) cache).entryKeyForTest(ARTICLES, key)),
                    key);
        }
        cache.invalidate(ARTICLES);
        keys.forEach(key -> assertEquals(Optional.empty(), cache.get(ARTICLES, key, UTF8), key));
    }

    @Test
    void aDeleteLeavesAShortLivedTombstoneThatReadsAsAPlainMiss() {
        cache.put(ARTICLES, "a1", "v1", UTF8);

        cache.delete(ARTICLES, "a1");

        byte[] key = ((RedisCache) cache).entryKeyForTest(ARTICLES, "a1");
        String tombstone = new String(redis.connector(topology).bytes().get(key), StandardCharsets.UTF_8);
        assertTrue(tombstone.startsWith("T:"), tombstone);
        long ttl = redis.connector(topology).bytes().pttl(key);
        assertTrue(ttl > 0 && ttl <= CacheKeys.DELETE_FENCE.toMillis(), "PTTL " + ttl);
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(0, cache.stats(ARTICLES).errors());
        cache.put(ARTICLES, "a1", "v2", UTF8);
        assertEquals(Optional.of("v2"), cache.get(ARTICLES, "a1", UTF8), "a plain put replaces the tombstone");
    }

    @Test
    void payloadOfAnotherFormatVersionIsAMiss() {
        cache.put(ARTICLES, "a1", "v1", UTF8);
        byte[] genKey = ((RedisCache) cache).genKeyForTest(ARTICLES, RedisCacheStore.bucket("a1"));
        String generation = new String(redis.connector(topology).bytes().get(genKey), StandardCharsets.UTF_8);
        byte[] foreign = CachePayload.ofValue("v1", UTF8);
        foreign[0] = (byte) (CachePayload.FORMAT_VERSION + 1);
        byte[] header =
                (generation + ":" + (System.currentTimeMillis() + 60_000) + ":").getBytes(StandardCharsets.UTF_8);
        byte[] entry = Arrays.copyOf(header, header.length + foreign.length);
        System.arraycopy(foreign, 0, entry, header.length, foreign.length);
        redis.connector(topology).bytes().set(((RedisCache) cache).entryKeyForTest(ARTICLES, "a1"), entry);

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(1, cache.stats(ARTICLES).errors());
    }

    @Test
    void invalidatedGenerationIsNotResurrectedWhenItsKeyIsLost() {
        cache.put(ARTICLES, "a1", "old", UTF8);
        cache.invalidate(ARTICLES);
        // e.g. evicted under an allkeys-* policy
        redis.connector(topology)
                .bytes()
                .del(((RedisCache) cache).genKeyForTest(ARTICLES, RedisCacheStore.bucket("a1")));

        String sameBucket = IntStream.range(0, 1_000)
                .mapToObj(i -> "other-" + i)
                .filter(key -> RedisCacheStore.bucket(key) == RedisCacheStore.bucket("a1"))
                .findFirst()
                .orElseThrow();
        cache.put(ARTICLES, sameBucket, "new", UTF8); // creates the bucket's generation anew

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(Optional.of("new"), cache.get(ARTICLES, sameBucket, UTF8));
    }

    @Test
    void circuitStaysClosedThroughTheWholeSuite() {
        CacheNamespace ns = CacheNamespace.of("circuit-check", Duration.ofMinutes(1));
        cache.get(ns, "a1", UTF8);
        assertFalse(
                redis.circuit(topology).isOpen(),
                () -> redis.circuit(topology).status().toString());
        assertEquals(0, ((RedisCache) cache).pendingInvalidations());
    }

    private io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String> redis() {
        return redis.connector(topology).strings();
    }

    /** Every key under the prefix; on a Cluster, SCAN walks every node. */
    private List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(redis(), ScanArgs.Builder.matches(prefix + "*").limit(1000))
                .forEachRemaining(keys::add);
        return keys;
    }
}
