package dev.portkit.domain.cache;

import java.util.List;
import java.util.Objects;

/**
 * A driven port beside {@link Cache}: how changes that any process committed to the source of truth reach a
 * cache when they come from a change feed (such as {@code ContentChanges}) rather than from this process's
 * own writes, so that a change committed by a process that died before evicting is still invalidated.
 *
 * <ul>
 *   <li>A cache whose entries live in a store that several processes share (Redis) needs each change applied
 *       to that store once, by whichever process ({@link #applyShared}), and after that, in every process, its
 *       own copies of those entries dropped ({@link #dropLocal}: a near cache, loads running in the process).
 *       A process must not drop its copies before the shared store has the change, or it may copy the old
 *       value again.
 *   <li>A cache that only this process holds (Caffeine) shares no store: {@link #dropLocal} is all it needs
 *       ({@link #processLocal}).
 * </ul>
 *
 * <p>Invalidations only remove entries, so applying one twice, late, or out of order with others is harmless.
 * Implementations are thread-safe.
 */
public interface CacheCoherence {

    /** Whether entries live in a store that other processes share, to which {@link #applyShared} applies. */
    boolean sharesStore();

    /**
     * Whether the shared store is in use now (e.g. Redis's circuit is closed). While it is not, applying to
     * it would only wait for timeouts; apply what it missed before it serves again ({@link
     * #beforeSharedStoreServes}). Always {@code false} without a shared store.
     */
    boolean sharedStoreAvailable();

    /**
     * Applies the invalidations to the shared store itself, never to a journal or a fallback, and then drops
     * this process's copies of those entries. Returns only once the store has taken every one.
     *
     * @throws CacheUnavailableException if the store did not take them all (some may have been applied:
     *     apply them all again)
     * @throws UnsupportedOperationException if there is no shared store
     */
    void applyShared(List<CacheInvalidation> invalidations);

    /** Drops this process's own copies of the entries, without touching a shared store. Never fails. */
    void dropLocal(List<CacheInvalidation> invalidations);

    /**
     * Registers work that must succeed before the shared store serves reads again after being unavailable,
     * such as applying the changes it missed meanwhile: the work throws if it could not finish, and runs
     * again later. It must be idempotent. Nothing happens without a shared store.
     */
    void beforeSharedStoreServes(Runnable catchUp);

    /**
     * The coherence of a cache that only this process holds: dropping this process's copies is invalidating
     * the cache itself.
     */
    static CacheCoherence processLocal(Cache cache) {
        Objects.requireNonNull(cache, "cache");
        return new CacheCoherence() {
            @Override
            public boolean sharesStore() {
                return false;
            }

            @Override
            public boolean sharedStoreAvailable() {
                return false;
            }

            @Override
            public void applyShared(List<CacheInvalidation> invalidations) {
                throw new UnsupportedOperationException("a process-local cache shares no store");
            }

            @Override
            public void dropLocal(List<CacheInvalidation> invalidations) {
                invalidations.forEach(invalidation -> invalidation.applyTo(cache));
            }

            @Override
            public void beforeSharedStoreServes(Runnable catchUp) {
                Objects.requireNonNull(catchUp, "catchUp");
            }

            @Override
            public String toString() {
                return "CacheCoherence.processLocal(" + cache + ")";
            }
        };
    }
}
