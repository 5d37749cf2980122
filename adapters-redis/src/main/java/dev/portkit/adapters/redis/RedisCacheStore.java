package dev.portkit.adapters.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cache's key scheme and Redis commands, without any fallback logic: every method throws when
 * Redis fails. Keys of namespace {@code ns}:
 *
 * <pre>
 * {prefix}cache:{ns}:gen        the namespace's generation, no TTL
 * {prefix}cache:{ns}:v:{key}    "{gen}:{expiresAtMillis}:" + payload, with its TTL
 * </pre>
 *
 * <p>A read is one {@code MGET} of the generation and the entry, as cheap for Redis as a plain
 * {@code GET} (a Lua script doing the same costs Redis about 20 % more per call; see
 * docs/performance.md). An entry written under another generation than the current one is a miss.
 *
 * <p>Invalidating a namespace increments its generation (O(1), no {@code KEYS}, no {@code SCAN}): the
 * old entries become misses and expire with their TTL. {@code SCAN}-and-delete was rejected: it
 * walks the whole keyspace of every application sharing the Redis, is not atomic, and an entry
 * written during the walk may survive it. A missing generation (never written, or evicted by an
 * {@code allkeys-*} policy) is created from the server clock in microseconds, which is above every
 * generation used before, so an evicted generation can never resurrect old entries.
 *
 * <p>{@code expiresAtMillis} is the writer's clock; the near cache uses it to never keep an entry
 * longer than Redis does. The scripts touch two keys in different hash slots, so the scheme needs a
 * standalone or Sentinel Redis, not Redis Cluster.
 */
final class RedisCacheStore {

    /**
     * Stores the entry under the expected generation (ARGV[4]) if that is still the current one, so
     * that a load racing an invalidation is dropped; without one (ARGV[4] empty) under the current
     * generation, created if needed. ARGV: expiresAtMillis, payload, ttlMillis, generation.
     */
    private static final RedisScript PUT = new RedisScript("""
            local current = redis.call('GET', KEYS[1])
            local gen = ARGV[4]
            if gen == '' then
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

    private static final RedisScript INVALIDATE = new RedisScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
            return 0
            """);

    /** Keys per {@code UNLINK} call, so that one call never blocks Redis for long. */
    private static final int DELETE_BATCH = 500;

    private static final byte[] NO_GENERATION = new byte[0];

    private final RedisConnector connector;
    private final String keyPrefix;
    private final NearCache near;
    private final byte[] channel;

    /**
     * @param near whose invalidation messages to publish after each change, when its namespace has
     *     a near cache
     */
    RedisCacheStore(RedisConnector connector, String keyPrefix, NearCache near) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.near = Objects.requireNonNull(near, "near");
        this.channel = utf8(NearCache.channel(keyPrefix));
    }

    /**
     * What a lookup found: the namespace generation (empty if none), the payload (null if none) and
     * its remaining TTL in milliseconds (not positive if unknown).
     */
    record Found(byte[] generation, byte[] payload, long ttlMillis) {}

    Found lookup(String namespace, String key) {
        List<KeyValue<byte[], byte[]>> reply = redis().mget(genKey(namespace), entryKey(namespace, key));
        if (!reply.get(0).hasValue()) {
            return new Found(NO_GENERATION, null, -2);
        }
        byte[] generation = reply.get(0).getValue();
        return reply.get(1).hasValue() ? entry(generation, reply.get(1).getValue()) : new Found(generation, null, -2);
    }

    /**
     * Splits a stored entry: of another generation it is a miss; without a readable header it is
     * handed on whole, so that decoding fails and counts as an error.
     */
    private static Found entry(byte[] generation, byte[] stored) {
        int genEnd = indexOf(stored, ':', 0);
        int expiresEnd = genEnd < 0 ? -1 : indexOf(stored, ':', genEnd + 1);
        if (expiresEnd < 0) {
            return new Found(generation, stored, -2);
        }
        if (!Arrays.equals(stored, 0, genEnd, generation, 0, generation.length)) {
            return new Found(generation, null, -2);
        }
        long expiresAt;
        try {
            expiresAt =
                    Long.parseLong(new String(stored, genEnd + 1, expiresEnd - genEnd - 1, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return new Found(generation, stored, -2);
        }
        byte[] payload = Arrays.copyOfRange(stored, expiresEnd + 1, stored.length);
        return new Found(generation, payload, expiresAt - System.currentTimeMillis());
    }

    /**
     * @param generation the generation seen by an earlier lookup, or empty for the current one
     */
    void put(String namespace, String key, byte[] payload, Duration ttl, byte[] generation) {
        long ttlMillis = Math.max(1, ttl.toMillis());
        PUT.run(
                redis(),
                ScriptOutputType.INTEGER,
                new byte[][] {genKey(namespace), entryKey(namespace, key)},
                ascii(System.currentTimeMillis() + ttlMillis),
                payload,
                ascii(ttlMillis),
                generation);
        publish(namespace, () -> near.keyMessage(namespace, key));
    }

    void delete(String namespace, Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            byte[][] batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH)).stream()
                    .map(key -> entryKey(namespace, key))
                    .toArray(byte[][]::new);
            redis().unlink(batch);
        }
        publish(
                namespace,
                () -> all.size() == 1 ? near.keyMessage(namespace, all.get(0)) : near.namespaceMessage(namespace));
    }

    void invalidate(String namespace) {
        INVALIDATE.run(redis(), ScriptOutputType.INTEGER, new byte[][] {genKey(namespace)});
        publish(namespace, () -> near.namespaceMessage(namespace));
    }

    /**
     * Tells the other instances' near caches, after the change. Should this fail, they serve the old
     * value until their near TTL ends, the bound the near cache documents.
     */
    private void publish(String namespace, Supplier<String> message) {
        if (near.covers(namespace)) {
            redis().publish(channel, utf8(message.get()));
        }
    }

    /** The full Redis key of an entry; for tests. */
    byte[] entryKey(String namespace, String key) {
        return utf8(keyPrefix + "cache:" + namespace + ":v:" + key);
    }

    private RedisCommands<byte[], byte[]> redis() {
        return connector.bytes().sync();
    }

    private byte[] genKey(String namespace) {
        return utf8(keyPrefix + "cache:" + namespace + ":gen");
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
        return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
