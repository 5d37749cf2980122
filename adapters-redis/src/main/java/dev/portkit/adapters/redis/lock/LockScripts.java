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
     * fencing token, in one step: a holder never gets a token out of order with the acquisitions,
     * nor a lock without a token. The token is the counter plus one, or the server's clock in
     * microseconds if that is larger, and the counter (a key that never expires) is set to it. So
     * tokens keep increasing on one server whatever its clock does, and a replica promoted after a
     * failover that lost the last acquisitions, or a Redis restarted without its data, still issues
     * tokens above the lost ones, unless its clock is behind the old primary's by more than the time
     * since they were issued. (Lua numbers are doubles: exact up to 2^53, centuries of microseconds.)
     */
    static final RedisScript ACQUIRE = new RedisScript("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
              local token = (tonumber(redis.call('GET', KEYS[2])) or 0) + 1
              if now > token then token = now end
              redis.call('SET', KEYS[2], string.format('%.0f', token))
              return token
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
