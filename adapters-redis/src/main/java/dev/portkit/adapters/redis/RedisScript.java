package dev.portkit.adapters.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} (which caches it) when the
 * server does not know it yet, e.g. after a restart, a failover or {@code SCRIPT FLUSH}. Every
 * adapter's scripts go through here. A script runs atomically: no other client acts between its
 * reads and its writes. Declare every key a script touches in {@code KEYS}.
 */
public final class RedisScript {

    private final String source;
    private final String sha1;

    public RedisScript(String source) {
        this.source = Objects.requireNonNull(source, "source");
        this.sha1 = sha1(source);
    }

    /** Runs the script; Lettuce's exceptions pass through for the adapter to translate. */
    @SafeVarargs
    @SuppressWarnings("varargs") // args only passes on to Lettuce's own varargs, never stored or written
    public final <K, V, T> T run(RedisScriptingCommands<K, V> redis, ScriptOutputType type, K[] keys, V... args) {
        try {
            return redis.evalsha(sha1, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
