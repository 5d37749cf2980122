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
 * server does not know it yet, e.g. after a restart. Scripts must declare every key they touch in
 * {@code KEYS} so that they also run on Redis Cluster.
 */
public final class RedisScript {

    private final String source;
    private final String sha1;

    public RedisScript(String source) {
        this.source = Objects.requireNonNull(source, "source");
        this.sha1 = sha1(source);
    }

    /** Runs the script; Lettuce's exceptions pass through for the adapter to translate. */
    public <T> T run(
            RedisScriptingCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
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
