package dev.portkit.adapters.redis.session;

import dev.portkit.adapters.redis.RedisScript;

/**
 * The Lua scripts of {@link RedisSessionStore}. Each runs atomically on the keys of one principal
 * (one hash slot). Time is Redis's own ({@code TIME}), so instances with skewed clocks agree, and
 * TTLs are set with {@code PEXPIREAT} from the same instant.
 *
 * <p>Every script that writes prunes the principal index of entries whose expiry has passed, and
 * keeps the index's own TTL at the latest expiry of its entries, so the index never outlives its
 * sessions and needs no keyspace notifications.
 */
final class SessionScripts {

    private SessionScripts() {}

    private static final String COMMON = """
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function ms(n)
              return string.format('%.0f', n)
            end
            local function index_until(index, expires, now)
              local pttl = redis.call('PTTL', index)
              if pttl < 0 or now + pttl < expires then
                redis.call('PEXPIREAT', index, ms(expires))
              end
            end
            """;

    /**
     * KEYS: session, index. ARGV: idle ms, absolute ms, id, principal, then attribute name/value
     * pairs. Returns the creation time (epoch ms).
     */
    static final RedisScript CREATE = new RedisScript(COMMON + """
            local now = now_ms()
            local absolute = now + tonumber(ARGV[2])
            local expires = math.min(now + tonumber(ARGV[1]), absolute)
            local fields = {'principal', ARGV[4], 'created', ms(now), 'accessed', ms(now),
                            'expires', ms(expires), 'absolute', ms(absolute)}
            for i = 5, #ARGV, 2 do
              fields[#fields + 1] = 'a:' .. ARGV[i]
              fields[#fields + 1] = ARGV[i + 1]
            end
            redis.call('HSET', KEYS[1], unpack(fields))
            redis.call('PEXPIREAT', KEYS[1], ms(expires))
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now))
            redis.call('ZADD', KEYS[2], ms(expires), ARGV[3])
            index_until(KEYS[2], expires, now)
            return now
            """);

    /**
     * KEYS: session, index. ARGV: idle ms, id. Slides the idle expiry (capped by the absolute one)
     * and returns the session's fields (HGETALL), or an empty list when it is gone.
     */
    static final RedisScript FIND = new RedisScript(COMMON + """
            local now = now_ms()
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now))
            local absolute = redis.call('HGET', KEYS[1], 'absolute')
            if not absolute then
              redis.call('ZREM', KEYS[2], ARGV[2])
              return {}
            end
            local expires = math.min(now + tonumber(ARGV[1]), tonumber(absolute))
            if expires <= now then
              redis.call('DEL', KEYS[1])
              redis.call('ZREM', KEYS[2], ARGV[2])
              return {}
            end
            redis.call('HSET', KEYS[1], 'accessed', ms(now), 'expires', ms(expires))
            redis.call('PEXPIREAT', KEYS[1], ms(expires))
            redis.call('ZADD', KEYS[2], ms(expires), ARGV[2])
            index_until(KEYS[2], expires, now)
            return redis.call('HGETALL', KEYS[1])
            """);

    /**
     * KEYS: session. ARGV: attribute name/value pairs. Replaces the attributes, keeping the TTL;
     * returns the session's fields, or an empty list when it is gone.
     */
    static final RedisScript UPDATE_ATTRIBUTES = new RedisScript("""
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return {}
            end
            local old = {}
            for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.sub(field, 1, 2) == 'a:' then
                old[#old + 1] = field
              end
            end
            if #old > 0 then
              redis.call('HDEL', KEYS[1], unpack(old))
            end
            local fields = {}
            for i = 1, #ARGV, 2 do
              fields[#fields + 1] = 'a:' .. ARGV[i]
              fields[#fields + 1] = ARGV[i + 1]
            end
            if #fields > 0 then
              redis.call('HSET', KEYS[1], unpack(fields))
            end
            return redis.call('HGETALL', KEYS[1])
            """);

    /** What {@link #RESTORE} and {@link #REFRESH} write. */
    private static final String RESTORE_BODY = """
            local now = now_ms()
            local expires = tonumber(ARGV[5])
            if expires <= now then
              return 0
            end
            local fields = {'principal', ARGV[2], 'created', ARGV[3], 'accessed', ARGV[4],
                            'expires', ARGV[5], 'absolute', ARGV[6]}
            for i = 7, #ARGV, 2 do
              fields[#fields + 1] = 'a:' .. ARGV[i]
              fields[#fields + 1] = ARGV[i + 1]
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(fields))
            redis.call('PEXPIREAT', KEYS[1], ARGV[5])
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ms(now))
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[1])
            index_until(KEYS[2], expires, now)
            return 1
            """;

    /**
     * KEYS: session, index. ARGV: id, principal, created, accessed, expires, absolute (epoch ms),
     * then attribute name/value pairs. Writes a session made elsewhere as it is; returns 0 without
     * writing when it has already expired, else 1.
     */
    static final RedisScript RESTORE = new RedisScript(COMMON + RESTORE_BODY);

    /**
     * {@link #RESTORE}, but only over a copy that is still there: returns 0 without writing when the
     * session is gone from Redis (ended, or expired, since it was copied).
     */
    static final RedisScript REFRESH = new RedisScript(COMMON + """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return 0
            end
            """ + RESTORE_BODY);

    /** KEYS: session, index. ARGV: id. Returns 1 if a live session was deleted, else 0. */
    static final RedisScript DELETE = new RedisScript("""
            local deleted = redis.call('DEL', KEYS[1])
            redis.call('ZREM', KEYS[2], ARGV[1])
            return deleted
            """);

    /** KEYS: index. Prunes expired entries and returns the ids of the rest. */
    static final RedisScript LIVE_IDS = new RedisScript(COMMON + """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms(now_ms()))
            return redis.call('ZRANGE', KEYS[1], 0, -1)
            """);

    /**
     * KEYS: index, then one session key per id. ARGV: principal, then the ids. Deletes those
     * sessions and their index entries, leaving alone any session of another principal whose name
     * hashes to the same route; returns how many live sessions it deleted.
     */
    static final RedisScript DELETE_ALL = new RedisScript("""
            local deleted = 0
            for i = 2, #KEYS do
              local owner = redis.call('HGET', KEYS[i], 'principal')
              if owner == ARGV[1] then
                deleted = deleted + redis.call('DEL', KEYS[i])
              end
              if owner == ARGV[1] or not owner then
                redis.call('ZREM', KEYS[1], ARGV[i])
              end
            end
            return deleted
            """);
}
