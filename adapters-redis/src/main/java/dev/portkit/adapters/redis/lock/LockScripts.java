package dev.portkit.adapters.redis.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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
    static final Script ACQUIRE = new Script("""
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return redis.call('INCR', KEYS[2])
            end
            return 0
            """);

    /** Compare-and-extend: resets the expiry only if the caller still owns the lock. */
    static final Script EXTEND = new Script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """);

    /** Compare-and-delete: deletes the lock only if the caller still owns it. */
    static final Script RELEASE = new Script("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private LockScripts() {}

    /** A script and its SHA-1, for {@code EVALSHA}. */
    record Script(String source, String sha) {

        Script(String source) {
            this(source, sha1(source));
        }

        private static String sha1(String source) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }
}
