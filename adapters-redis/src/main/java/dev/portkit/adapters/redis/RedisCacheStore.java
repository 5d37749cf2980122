package dev.portkit.adapters.redis;

import dev.portkit.domain.cache.CacheKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's key scheme and Redis commands, without any fallback logic: every method throws when
 * Redis fails. A namespace {@code ns} is spread over {@link #BUCKETS} buckets, each a hash tag of its
 * own, so that a hot namespace is spread over as many slots (and so over the nodes of a Redis
 * Cluster), while every command and script touches one slot only. Key {@code key} lives in bucket
 * {@code b = crc32(key) mod BUCKETS}:
 *
 * <pre>
 * {prefix}cache:{ns:b}:gen       bucket b's generation, no TTL
 * {prefix}cache:{ns:b}:v:key     "{gen}:{expiresAtMillis}:" + payload, with its TTL,
 *                                or after a delete the tombstone "T:{random}" for DELETE_FENCE
 * </pre>
 *
 * <p>A read is one {@code MGET} of the key's bucket generation and its entry (one slot), as cheap for
 * Redis as a plain {@code GET} (a Lua script doing the same costs Redis about 20 % more per call; see
 * docs/performance.md). An entry written under another generation than its bucket's current one is
 * a miss.
 *
 * <p>Invalidating a namespace increments the generation of each of its buckets (no {@code KEYS}, no
 * {@code SCAN}): {@link #BUCKETS} small scripts sent together, about one round trip; the old entries
 * become misses and expire with their TTL. A read or load that starts after the invalidation has
 * returned sees every bucket raised; one that races it may see some buckets before and some after,
 * as it may see the whole namespace before or after. {@code SCAN}-and-delete was rejected: it
 * walks the whole keyspace of every application sharing the Redis, is not atomic, and an entry
 * written during the walk may survive it. A missing generation (never written, or evicted by an
 * {@code allkeys-*} policy) is created from the server clock in microseconds, which is above every
 * generation used before, so an evicted generation can never resurrect old entries.
 *
 * <p>A delete writes a tombstone rather than removing the key: a load that read the source before
 * the delete stores its result only over the entry it saw (absent, or the same header), so it
 * cannot undo the delete. A tombstone reads as a miss.
 *
 * <p>{@code expiresAtMillis} is the writer's clock; the near cache uses it to never keep an entry
 * longer than Redis does. The same layout serves a standalone Redis, Sentinel and Cluster.
 * {@link #BUCKETS} is part of the layout: instances with another number would read and invalidate
 * other keys, so changing it needs another {@code REDIS_KEY_PREFIX}.
 */
final class RedisCacheStore {

    private static final Logger log = LoggerFactory.getLogger(RedisCacheStore.class);

    /**
     * Buckets (hash tags, so Cluster slots) per namespace: enough to give every node of a Cluster of
     * up to about a dozen masters its share of a hot namespace; few enough that an invalidation (one
     * script per bucket) stays cheap.
     */
    static final int BUCKETS = 16;

    /**
     * Stores the entry under the expected generation (ARGV[4]) if that is still the current one, so
     * that a load racing an invalidation is dropped; with ARGV[4] 'none' only if there is still no
     * generation; with ARGV[4] empty under the current generation. A missing generation is created.
     * ARGV[5] says what the entry must still be for a load to store its result: 'any' (a plain put),
     * 'absent', or 'prefix' of ARGV[6] (the header seen), so that a load racing a delete is dropped.
     * ARGV: expiresAtMillis, payload, ttlMillis, generation, mode, header.
     */
    private static final RedisScript PUT = new RedisScript("""
            if ARGV[5] ~= 'any' then
              local entry = redis.call('GET', KEYS[2])
              if ARGV[5] == 'absent' then
                if entry then return 0 end
              elseif not entry or string.sub(entry, 1, #ARGV[6]) ~= ARGV[6] then
                return 0
              end
            end
            local current = redis.call('GET', KEYS[1])
            local gen = ARGV[4]
            if gen == '' or gen == 'none' then
              if gen == 'none' and current then return 0 end
              gen = current
              if not gen then
                local t = redis.call('TIME')
                gen = t[1] .. string.format('%06d', tonumber(t[2]))
                redis.call('SET', KEYS[1], gen)
              end
            elseif gen ~= current then
              return 0
            end
            redis.call('SET', KEYS[2], gen .. ':' .. ARGV[1] .. ':' .. ARGV[2], 'PX', ARGV[3])
            return 1
            """);

    /** Replaces each entry in KEYS with the tombstone ARGV[1] for ARGV[2] milliseconds. */
    private static final RedisScript DELETE = new RedisScript("""
            for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end
            return #KEYS
            """);

    /** Raises the generation, or creates it, so that a load that saw none cannot store either. */
    private static final RedisScript INVALIDATE = new RedisScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
            local t = redis.call('TIME')
            redis.call('SET', KEYS[1], t[1] .. string.format('%06d', tonumber(t[2])))
            return 0
            """);

    /** Keys per delete call, so that one call never blocks Redis for long. */
    private static final int DELETE_BATCH = 500;

    private static final byte[] NO_GENERATION = new byte[0];
    private static final byte[] NONE = ascii("none");
    private static final byte[] ANY = ascii("any");
    private static final byte[] ABSENT = ascii("absent");
    private static final byte[] PREFIX = ascii("prefix");
    private static final byte[] NOTHING = new byte[0];

    private final RedisConnector connector;
    private final String keyPrefix;
    private final NearCache near;
    private final String channelName;
    private final byte[] channel;
    private final AtomicBoolean publishRefusalReported = new AtomicBoolean();

    /**
     * @param near whose invalidation messages to publish after each change, when its namespace has
     *     a near cache
     */
    RedisCacheStore(RedisConnector connector, String keyPrefix, NearCache near) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.near = Objects.requireNonNull(near, "near");
        this.channelName = NearCache.channel(keyPrefix);
        this.channel = utf8(channelName);
    }

    /**
     * What a lookup found: the namespace generation (empty if none), the payload (null if none), its
     * remaining TTL in milliseconds (not positive if unknown), and the stored entry as it was,
     * tombstones included (null if there was none), for {@link #putOver} to store over only that.
     */
    record Found(byte[] generation, byte[] payload, long ttlMillis, byte[] stored) {

        /** The header of the stored entry, or null; computed only when a load needs it. */
        byte[] seen() {
            return stored == null ? null : header(stored);
        }
    }

    Found lookup(String namespace, String key) {
        int bucket = bucket(key);
        List<KeyValue<byte[], byte[]>> reply = redis().mget(genKey(namespace, bucket), entryKey(namespace, key));
        byte[] stored = reply.get(1).hasValue() ? reply.get(1).getValue() : null;
        if (!reply.get(0).hasValue()) {
            return new Found(NO_GENERATION, null, -2, stored);
        }
        byte[] generation = reply.get(0).getValue();
        return stored == null ? new Found(generation, null, -2, null) : entry(generation, stored);
    }

    /**
     * Splits a stored entry: of another generation it is a miss; without a readable header it is
     * handed on whole, so that decoding fails and counts as an error.
     */
    private static Found entry(byte[] generation, byte[] stored) {
        int genEnd = indexOf(stored, ':', 0);
        int expiresEnd = genEnd < 0 ? -1 : indexOf(stored, ':', genEnd + 1);
        if (genEnd >= 0 && !Arrays.equals(stored, 0, genEnd, generation, 0, generation.length)) {
            return new Found(generation, null, -2, stored); // another generation, or a tombstone
        }
        if (expiresEnd < 0) {
            return new Found(generation, stored, -2, stored);
        }
        long expiresAt;
        try {
            expiresAt =
                    Long.parseLong(new String(stored, genEnd + 1, expiresEnd - genEnd - 1, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return new Found(generation, stored, -2, stored);
        }
        byte[] payload = Arrays.copyOfRange(stored, expiresEnd + 1, stored.length);
        return new Found(generation, payload, expiresAt - System.currentTimeMillis(), stored);
    }

    /** "{gen}:{expiresAtMillis}:" of an entry, the whole of a tombstone (or of anything unreadable). */
    private static byte[] header(byte[] stored) {
        int genEnd = indexOf(stored, ':', 0);
        int expiresEnd = genEnd < 0 ? -1 : indexOf(stored, ':', genEnd + 1);
        return expiresEnd < 0 ? stored : Arrays.copyOf(stored, expiresEnd + 1);
    }

    /** Stores the entry whatever is there (a plain put). */
    void put(String namespace, String key, byte[] payload, Duration ttl) {
        put(namespace, key, payload, ttl, NO_GENERATION, ANY, NOTHING);
    }

    /**
     * Stores a load's result only if neither the generation nor the entry changed since {@code
     * found} was looked up.
     */
    void putOver(Found found, String namespace, String key, byte[] payload, Duration ttl) {
        byte[] seen = found.seen();
        byte[] generation = found.generation().length == 0 ? NONE : found.generation();
        put(namespace, key, payload, ttl, generation, seen == null ? ABSENT : PREFIX, seen == null ? NOTHING : seen);
    }

    private void put(
            String namespace, String key, byte[] payload, Duration ttl, byte[] generation, byte[] mode, byte[] seen) {
        long ttlMillis = Math.max(1, ttl.toMillis());
        PUT.run(
                redis(),
                ScriptOutputType.INTEGER,
                new byte[][] {genKey(namespace, bucket(key)), entryKey(namespace, key)},
                ascii(System.currentTimeMillis() + ttlMillis),
                payload,
                ascii(ttlMillis),
                generation,
                mode,
                seen);
        publish(namespace, () -> near.keyMessage(namespace, key));
    }

    /** Replaces the entries with tombstones: one script per bucket (slot) and batch, sent together. */
    void delete(String namespace, Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        byte[] tombstone =
                ascii("T:" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        byte[] fenceMillis = ascii(CacheKeys.DELETE_FENCE.toMillis());
        Map<Integer, List<byte[]>> byBucket = new TreeMap<>();
        for (String key : all) {
            byBucket.computeIfAbsent(bucket(key), b -> new ArrayList<>()).add(entryKey(namespace, key));
        }
        RedisClusterAsyncCommands<byte[], byte[]> async = connector.bytesAsync();
        List<CompletionStage<Long>> replies = new ArrayList<>();
        for (List<byte[]> inBucket : byBucket.values()) {
            for (int from = 0; from < inBucket.size(); from += DELETE_BATCH) {
                byte[][] batch = inBucket.subList(from, Math.min(inBucket.size(), from + DELETE_BATCH))
                        .toArray(byte[][]::new);
                replies.add(DELETE.runAsync(async, ScriptOutputType.INTEGER, batch, tombstone, fenceMillis));
            }
        }
        RedisFutures.awaitAll(replies);
        publish(
                namespace,
                () -> all.size() == 1 ? near.keyMessage(namespace, all.get(0)) : near.namespaceMessage(namespace));
    }

    /** Raises the generation of every bucket of the namespace: {@link #BUCKETS} scripts, sent together. */
    void invalidate(String namespace) {
        RedisClusterAsyncCommands<byte[], byte[]> async = connector.bytesAsync();
        List<CompletionStage<Long>> replies = new ArrayList<>(BUCKETS);
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            replies.add(INVALIDATE.runAsync(async, ScriptOutputType.INTEGER, new byte[][] {genKey(namespace, bucket)}));
        }
        RedisFutures.awaitAll(replies);
        publish(namespace, () -> near.namespaceMessage(namespace));
    }

    /**
     * Tells the other instances' near caches, after the change. Should this fail, they serve the old
     * value until their near TTL ends, the bound the near cache documents. A refusal that retrying
     * cannot fix (NOPERM: the ACL user lacks the channel, Redis 7's default for new users) is not an
     * outage: the change stands, the error is logged once, saying what to grant, and the write
     * succeeds; an outage (no answer) fails the write, which is then journaled and replayed.
     */
    private void publish(String namespace, Supplier<String> message) {
        if (!near.covers(namespace)) {
            return;
        }
        try {
            RedisFutures.await(connector.publish(channelName, message.get()));
        } catch (RuntimeException e) {
            if (RedisCircuit.isOutage(e)) {
                throw e;
            }
            if (publishRefusalReported.compareAndSet(false, true)) {
                log.error(
                        "Redis refused to PUBLISH cache invalidations on {}: {}. Redis stays in use and this"
                                + " instance reads its own writes, but other instances' near caches see its changes"
                                + " only through the database's change feed (DATABASE_FEED_INTERVAL) or, with"
                                + " STORE=memory, when their copies expire (CACHE_NEAR_TTL). Grant the channel to the"
                                + " Redis user: ACL SETUSER <user> &{}",
                        channelName,
                        RedisCircuit.describe(e),
                        channelName);
            }
        }
    }

    /** The full Redis key of an entry; for tests. */
    byte[] entryKey(String namespace, String key) {
        return utf8(tag(namespace, bucket(key)) + ":v:" + key);
    }

    /** The full Redis key of a bucket's generation; for tests. */
    byte[] genKey(String namespace, int bucket) {
        return utf8(tag(namespace, bucket) + ":gen");
    }

    /** {@code {prefix}cache:{ns:b}}: the hash tag puts a bucket's generation and entries in one slot. */
    private String tag(String namespace, int bucket) {
        return keyPrefix + "cache:{" + namespace + ":" + bucket + "}";
    }

    /** The bucket of a key: the same in every instance and every version using this layout. */
    static int bucket(String key) {
        CRC32 crc = new CRC32();
        crc.update(utf8(key));
        return (int) (crc.getValue() % BUCKETS);
    }

    private RedisClusterCommands<byte[], byte[]> redis() {
        return connector.bytes();
    }

    private static int indexOf(byte[] bytes, char c, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(long number) {
        return ascii(Long.toString(number));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
