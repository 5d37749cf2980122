package dev.portkit.adapters.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} (which caches it) when the
 * server does not know it yet, e.g. after a restart, a failover or {@code SCRIPT FLUSH}. Every
 * adapter's scripts go through here. A script runs atomically: no other client acts between its
 * reads and its writes. Declare every key a script touches in {@code KEYS}, and keep them in one hash
 * slot (a common hash tag, {@code {...}}): a Redis Cluster routes the script by its first key and
 * refuses keys of other slots ({@code CROSSSLOT}).
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

    /**
     * {@link #run}, sent without waiting for the reply: several scripts (on a Cluster, to several
     * nodes) go out together and cost about one round trip.
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // as above
    public final <K, V, T> CompletionStage<T> runAsync(
            RedisScriptingAsyncCommands<K, V> redis, ScriptOutputType type, K[] keys, V... args) {
        CompletionStage<T> first = redis.evalsha(sha1, type, keys, args);
        return first.handle((result, failure) -> {
                    if (failure == null) {
                        return CompletableFuture.completedStage(result);
                    }
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof RedisNoScriptException) {
                        CompletionStage<T> loaded = redis.eval(source, type, keys, args);
                        return loaded;
                    }
                    return CompletableFuture.<T>failedStage(cause);
                })
                .thenCompose(stage -> stage);
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
