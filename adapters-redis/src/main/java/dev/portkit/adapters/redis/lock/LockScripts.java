package dev.portkit.adapters.redis.lock;

import dev.portkit.adapters.redis.RedisScript;

/**
 * The Lua scripts of {@link RedisLockService}. Each runs atomically on the server, which is what
 * makes "check the owner, then change" safe: no other client can act between the check and the
 * change. {@code KEYS[1]} is the lock key, {@code KEYS[2]} the fencing counter; {@code ARGV[1]} the
 * owner value, {@code ARGV[2]} the lease in milliseconds. Each returns an integer, 0 for "no".
 */
final class LockScripts {

    /**
     * Takes the lock if free ({@code SET NX PX}: it always expires) and only then issues the next
     * fencing token ({@code INCR} on a key that never expires), in one step: a holder never gets a
     * token out of order with the acquisitions, nor a lock without a token.
     */
    static final RedisScript ACQUIRE = new RedisScript("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return redis.call('INCR', KEYS[2])
            end
            return 0
            """);

    /** Compare-and-extend: resets the expiry only if the caller still owns the lock. */
    static final RedisScript EXTEND = new RedisScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """);

    /** Compare-and-delete: deletes the lock only if the caller still owns it. */
    static final RedisScript RELEASE = new RedisScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    /**
     * Raises the fencing counter ({@code KEYS[1]}) to {@code ARGV[1]} if it is lower, never lowers it;
     * returns the counter. Leaves the lock key alone.
     */
    static final RedisScript ADVANCE_FENCE = new RedisScript("""
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local seen = tonumber(ARGV[1])
            if current < seen then
              redis.call('SET', KEYS[1], ARGV[1])
              return seen
            end
            return current
            """);

    private LockScripts() {}
}
