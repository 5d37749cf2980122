package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.CacheKeys;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CachePayload;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract on a real Redis, plus what only Redis can show: key layout, TTLs, no KEYS. */
class RedisCacheIT extends CacheContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static RedisClient client;
    private static RedisConnector connector;
    private static RedisCircuit circuit;

    private String prefix;

    @BeforeAll
    static void connect() {
        client = LettuceClients.create(RedisTestSupport.settingsFor(redis));
        connector = new RedisConnector(client);
        circuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> connector.strings().sync().ping());
    }

    @AfterAll
    static void disconnect() {
        circuit.close();
        connector.close();
        client.shutdown();
    }

    @Override
    protected Cache createCache(String keyPrefix) {
        prefix = keyPrefix;
        return new RedisCache(connector, circuit, new MapCache(), RedisCacheSettings.withPrefix(keyPrefix));
    }

    @Test
    void everyKeyLivesUnderThePrefixWithItsTtl() {
        cache.put(ARTICLES, "a1", "v1", UTF8, Duration.ofSeconds(30));
        cache.invalidate(USERS);

        List<String> keys = keysUnder(prefix);
        assertEquals(
                List.of(prefix + "cache:articles:gen", prefix + "cache:users:gen"),
                keys.stream().filter(k -> k.endsWith(":gen")).sorted().toList(),
                "invalidating an unused namespace creates its generation: a load that saw none must not store");
        String payloadKey =
                keys.stream().filter(k -> k.endsWith(":a1")).findFirst().orElseThrow();
        assertEquals(prefix + "cache:articles:v:a1", payloadKey);
        long ttl = redis().pttl(payloadKey);
        assertTrue(ttl > 25_000 && ttl <= 30_000, "PTTL " + ttl);
        assertEquals(-1, redis().pttl(prefix + "cache:articles:gen"), "generations do not expire");
        assertEquals(-1, redis().pttl(prefix + "cache:users:gen"), "generations do not expire");
    }

    @Test
    void aDeleteLeavesAShortLivedTombstoneThatReadsAsAPlainMiss() {
        cache.put(ARTICLES, "a1", "v1", UTF8);

        cache.delete(ARTICLES, "a1");

        byte[] key = ((RedisCache) cache).entryKeyForTest(ARTICLES, "a1");
        String tombstone = new String(connector.bytes().sync().get(key), StandardCharsets.UTF_8);
        assertTrue(tombstone.startsWith("T:"), tombstone);
        long ttl = connector.bytes().sync().pttl(key);
        assertTrue(ttl > 0 && ttl <= CacheKeys.DELETE_FENCE.toMillis(), "PTTL " + ttl);
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(0, cache.stats(ARTICLES).errors());
        cache.put(ARTICLES, "a1", "v2", UTF8);
        assertEquals(Optional.of("v2"), cache.get(ARTICLES, "a1", UTF8), "a plain put replaces the tombstone");
    }

    @Test
    void payloadOfAnotherFormatVersionIsAMiss() {
        cache.put(ARTICLES, "a1", "v1", UTF8);
        String generation = redis().get(prefix + "cache:articles:gen");
        byte[] foreign = CachePayload.ofValue("v1", UTF8);
        foreign[0] = (byte) (CachePayload.FORMAT_VERSION + 1);
        byte[] header =
                (generation + ":" + (System.currentTimeMillis() + 60_000) + ":").getBytes(StandardCharsets.UTF_8);
        byte[] entry = Arrays.copyOf(header, header.length + foreign.length);
        System.arraycopy(foreign, 0, entry, header.length, foreign.length);
        connector.bytes().sync().set(((RedisCache) cache).entryKeyForTest(ARTICLES, "a1"), entry);

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(1, cache.stats(ARTICLES).errors());
    }

    @Test
    void invalidatedGenerationIsNotResurrectedWhenItsKeyIsLost() {
        cache.put(ARTICLES, "a1", "old", UTF8);
        cache.invalidate(ARTICLES);
        redis().del(prefix + "cache:articles:gen"); // e.g. evicted under an allkeys-* policy

        cache.put(ARTICLES, "a2", "new", UTF8);

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(Optional.of("new"), cache.get(ARTICLES, "a2", UTF8));
    }

    @Test
    void neitherKeysNorScanIsEverSent() {
        redis().configResetstat();
        CacheNamespace ns = new CacheNamespace("stats-check", Duration.ofMinutes(1), Duration.ofSeconds(10));
        cache.put(ns, "k1", "v", UTF8);
        cache.getOrLoad(ns, "k2", UTF8, Optional::empty);
        cache.deleteAll(ns, List.of("k1", "k2"));
        cache.invalidate(ns);
        cache.get(ns, "k1", UTF8);

        String commandStats = redis().info("commandstats");
        assertTrue(commandStats.contains("cmdstat_evalsha") || commandStats.contains("cmdstat_eval"), commandStats);
        assertFalse(commandStats.contains("cmdstat_keys:"), commandStats);
        assertFalse(commandStats.contains("cmdstat_scan:"), commandStats);
    }

    @Test
    void aReadIsOneMgetAndNoScript() {
        cache.put(ARTICLES, "a1", "v1", UTF8);
        redis().configResetstat();

        assertEquals(Optional.of("v1"), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a2", UTF8));

        String commandStats = redis().info("commandstats");
        assertTrue(commandStats.contains("cmdstat_mget:calls=2,"), commandStats);
        assertFalse(commandStats.contains("cmdstat_evalsha:"), commandStats);
        assertFalse(commandStats.contains("cmdstat_get:"), commandStats);
    }

    @Test
    void circuitStaysClosedThroughTheWholeSuite() {
        cache.get(ARTICLES, "a1", UTF8);
        assertFalse(circuit.isOpen(), () -> circuit.status().toString());
        assertEquals(0, ((RedisCache) cache).pendingInvalidations());
    }

    private static RedisCommands<String, String> redis() {
        return connector.strings().sync();
    }

    private static List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page =
                    redis().scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
