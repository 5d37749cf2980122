package dev.portkit.domain.cache;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs at most one piece of work per key at a time in this process: callers that arrive while it
 * runs wait for it and share its result, or its exception, which they receive unchanged. Once the
 * work has finished, the next caller starts a new run. Used by {@link Cache#getOrLoad} so that a
 * burst of misses for one key loads it once.
 *
 * <p>Callers of one key must expect the same result type. Thread-safe.
 */
public final class SingleFlight<K> {

    private final ConcurrentHashMap<K, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();

    /** Runs {@code work}, or waits for the run already in progress for {@code key}. */
    @SuppressWarnings("unchecked")
    public <T> T run(K key, Supplier<T> work) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(work, "work");
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return (T) await(running);
        }
        try {
            T result = work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static Object await(CompletableFuture<Object> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
