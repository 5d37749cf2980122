package dev.portkit.adapters.redis;

import io.lettuce.core.RedisException;
import java.util.Collection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Waits for replies of commands sent together. Each command is bounded by the client's command
 * timeout (Lettuce fails it with {@code RedisCommandTimeoutException}), so waiting is bounded too.
 */
final class RedisFutures {

    private RedisFutures() {}

    /** Waits for every reply; throws the first failure as Lettuce reported it, after all have ended. */
    static void awaitAll(Collection<? extends CompletionStage<?>> replies) {
        RuntimeException first = null;
        for (CompletionStage<?> reply : replies) {
            try {
                await(reply);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Waits for the reply; its failure is thrown unwrapped. */
    static <T> T await(CompletionStage<T> reply) {
        try {
            return reply.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new RedisException(cause);
        }
    }
}
