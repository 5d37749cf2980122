package dev.portkit.adapters.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cache's key scheme and Redis commands, without any fallback logic: every method throws when
 * Redis fails. Keys of namespace {@code ns}:
 *
 * <pre>
 * {prefix}cache:{ns}:gen              the namespace's generation, no TTL
 * {prefix}cache:{ns}:{gen}:{key}      a payload, with its TTL
 * </pre>
 *
 * <p>Invalidating a namespace increments its generation (O(1), no {@code KEYS}, no {@code SCAN}): the
 * old payloads become unreachable and expire with their TTL. {@code SCAN}-and-delete was rejected:
 * it walks the whole keyspace of every application sharing the Redis, is not atomic, and a payload
 * written during the walk may survive it. A missing generation (never written, or evicted by an
 * {@code allkeys-*} policy) is created from the server clock in microseconds, which is above every
 * generation used before, so an evicted generation can never resurrect old payloads.
 *
 * <p>The scripts touch payload keys they compute, so they need a standalone or Sentinel Redis, not
 * Redis Cluster.
 */
final class RedisCacheStore {

    /**
     * Returns {gen, payload, pttl}, {gen} when absent, {} when the namespace has no generation yet.
     */
    private static final LuaScript LOOKUP = new LuaScript("""
            local gen = redis.call('GET', KEYS[1])
            if not gen then return {} end
            local key = ARGV[1] .. gen .. ':' .. ARGV[2]
            local payload = redis.call('GET', key)
            if not payload then return {gen} end
            return {gen, payload, redis.call('PTTL', key)}
            """);

    /**
     * Stores under the expected generation (ARGV[5]) if given, so that a load racing an invalidation
     * lands in the old, unreachable generation; otherwise under the current one, created if needed.
     */
    private static final LuaScript PUT = new LuaScript("""
            local gen = ARGV[5]
            if gen == '' then
              gen = redis.call('GET', KEYS[1])
              if not gen then
                local t = redis.call('TIME')
                gen = t[1] .. string.format('%06d', tonumber(t[2]))
                redis.call('SET', KEYS[1], gen)
              end
            end
            redis.call('SET', ARGV[1] .. gen .. ':' .. ARGV[2], ARGV[3], 'PX', ARGV[4])
            return 1
            """);

    private static final LuaScript DELETE = new LuaScript("""
            local gen = redis.call('GET', KEYS[1])
            if not gen then return 0 end
            local deleted = 0
            for i = 2, #ARGV do
              deleted = deleted + redis.call('UNLINK', ARGV[1] .. gen .. ':' .. ARGV[i])
            end
            return deleted
            """);

    private static final LuaScript INVALIDATE = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
            return 0
            """);

    /** Keys per {@code DELETE} call, so that one call never blocks Redis for long. */
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
     * its remaining TTL in milliseconds (not positive if none).
     */
    record Found(byte[] generation, byte[] payload, long ttlMillis) {}

    Found lookup(String namespace, String key) {
        List<Object> reply = LOOKUP.run(redis(), ScriptOutputType.MULTI, genKey(namespace), base(namespace), utf8(key));
        byte[] generation = reply.isEmpty() ? NO_GENERATION : (byte[]) reply.get(0);
        byte[] payload = reply.size() < 2 ? null : (byte[]) reply.get(1);
        long ttlMillis = reply.size() < 3 ? -2 : (Long) reply.get(2);
        return new Found(generation, payload, ttlMillis);
    }

    /**
     * @param generation the generation seen by an earlier lookup, or empty for the current one
     */
    void put(String namespace, String key, byte[] payload, Duration ttl, byte[] generation) {
        PUT.run(
                redis(),
                ScriptOutputType.INTEGER,
                genKey(namespace),
                base(namespace),
                utf8(key),
                payload,
                utf8(Long.toString(Math.max(1, ttl.toMillis()))),
                generation);
        publish(namespace, () -> near.keyMessage(namespace, key));
    }

    void delete(String namespace, Collection<String> keys) {
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += DELETE_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + DELETE_BATCH));
            byte[][] args = new byte[batch.size() + 1][];
            args[0] = base(namespace);
            for (int i = 0; i < batch.size(); i++) {
                args[i + 1] = utf8(batch.get(i));
            }
            DELETE.run(redis(), ScriptOutputType.INTEGER, genKey(namespace), args);
        }
        publish(
                namespace,
                () -> all.size() == 1 ? near.keyMessage(namespace, all.get(0)) : near.namespaceMessage(namespace));
    }

    void invalidate(String namespace) {
        INVALIDATE.run(redis(), ScriptOutputType.INTEGER, genKey(namespace));
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

    /** The full Redis key of a payload in generation {@code generation}; for tests. */
    byte[] payloadKey(String namespace, String generation, String key) {
        return utf8(keyPrefix + "cache:" + namespace + ":" + generation + ":" + key);
    }

    private RedisCommands<byte[], byte[]> redis() {
        return connector.bytes().sync();
    }

    private byte[][] genKey(String namespace) {
        return new byte[][] {utf8(keyPrefix + "cache:" + namespace + ":gen")};
    }

    private byte[] base(String namespace) {
        return utf8(keyPrefix + "cache:" + namespace + ":");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
