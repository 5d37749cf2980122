package dev.portkit.adapters.redis.ratelimit;

import dev.portkit.adapters.redis.RedisScript;

/**
 * The Lua script of {@link RedisRateLimiter}: one round trip that forgets the steps that stopped
 * counting, returns an earlier lease's unused permits, and takes up to the wanted number of permits,
 * atomically, so concurrent callers on any number of instances can never overshoot.
 */
final class RateLimitScripts {

    /**
     * {@code KEYS[1]}: a hash of one limit and key. Field {@code n} holds the permits counted, {@code
     * o} the oldest step that may still count, {@code g} the step length in ms (a different one, after
     * the limit's window was reconfigured, starts the count afresh), and one field per step (its
     * number since the epoch) with the permits granted in it, never 0: {@code n} is their sum. A permit counts in its step and the
     * {@code ARGV[3] - 1} steps after it; the key expires when its newest permit stops counting.
     *
     * <p>{@code ARGV}: permits, step ms, steps counted, permits wanted (at least 1), unused permits
     * to return, the step they were granted in, and the time in ms ({@code ""}: Redis's own clock,
     * {@code TIME}; tests pass their clock).
     *
     * <p>Returns {@code {granted, remaining, step, retry ms}}: the permits granted now (0 when
     * denied), how many are left after them, the step they count in, and, when denied, the time until
     * the next permit stops counting.
     */
    static final RedisScript ACQUIRE = new RedisScript("""
            local permits, step, counted = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local want, refund, refundAt = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
            local now = tonumber(ARGV[7])
            if not now then
              local t = redis.call('TIME')
              now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function f(s) return string.format('%.0f', s) end
            local current = math.floor(now / step)
            local first = current - counted + 1
            local state = redis.call('HMGET', KEYS[1], 'n', 'o', 'g')
            local n, o = tonumber(state[1]) or 0, tonumber(state[2]) or current
            if tonumber(state[3]) ~= step or o < first - counted then
              redis.call('DEL', KEYS[1])
              n, o = 0, current
            end
            while o < first and n > 0 do
              local c = redis.call('HGET', KEYS[1], f(o))
              if c then
                n = n - tonumber(c)
                redis.call('HDEL', KEYS[1], f(o))
              end
              o = o + 1
            end
            if n <= 0 then
              n, o = 0, math.max(o, first)
            end
            if refund > 0 and refundAt >= o then
              local c = tonumber(redis.call('HGET', KEYS[1], f(refundAt)) or '0')
              local back = math.min(refund, c)
              if back == c and c > 0 then
                redis.call('HDEL', KEYS[1], f(refundAt))
              elseif back > 0 then
                redis.call('HINCRBY', KEYS[1], f(refundAt), -back)
              end
              n = n - back
            end
            local granted = math.min(want, permits - n)
            if granted > 0 then
              n = n + granted
              redis.call('HINCRBY', KEYS[1], f(current), granted)
              redis.call('HSET', KEYS[1], 'n', n, 'o', f(math.max(o, first)), 'g', step)
              redis.call('PEXPIRE', KEYS[1], f((current + counted) * step - now))
              return {granted, permits - n, current, 0}
            end
            redis.call('HSET', KEYS[1], 'n', n, 'o', f(math.max(o, first)))
            local free, s = n - permits + 1, o
            while s <= current do
              free = free - tonumber(redis.call('HGET', KEYS[1], f(s)) or '0')
              if free <= 0 then break end
              s = s + 1
            end
            return {0, 0, current, (s + counted) * step - now}
            """);

    private RateLimitScripts() {}
}
