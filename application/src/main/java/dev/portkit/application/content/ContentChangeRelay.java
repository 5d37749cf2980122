package dev.portkit.application.content;

import dev.portkit.domain.cache.CacheCoherence;
import dev.portkit.domain.cache.CacheUnavailableException;
import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.util.Objects;

/**
 * Applies the content changes that any instance committed, read from the {@link ContentChanges} feed, to the
 * caches: so a committed write is invalidated everywhere even if the instance that made it died before it
 * could evict (or evicted while Redis was down, into a journal that died with it). The writer still evicts
 * right after its commit, for its own reads; this is the durable path behind it. Runs on every instance.
 *
 * <h2>What is acknowledged where</h2>
 *
 * <ul>
 *   <li><b>The shared store</b> (Redis) needs every change once, whoever applies it. Each {@link #relay()}
 *       hands the changes after the feed consumer {@value #SHARED_CACHE}'s position to {@link
 *       CacheCoherence#applyShared}; the feed moves that position only once Redis has taken them (one
 *       instance at a time), so a change whose instance dies, or that meets Redis down, is applied by the next
 *       round of any instance. While Redis is down nobody applies; before it serves again each instance's
 *       recovery runs {@link #catchUpSharedStore()}.
 *   <li><b>Each instance's own copies</b> (the near cache, loads in flight; or, without a shared store, the
 *       whole in-process cache) need every change too, each with a position of its own kept in memory. With
 *       a shared store they follow its acknowledged position, never ahead of it: a copy dropped before Redis
 *       has the change could be read back from Redis, old. They start where the shared store is (or at the
 *       feed's end) when the first round runs, and drop whatever was copied before that.
 * </ul>
 *
 * <p>So a change committed by one instance is seen by every other within about two rounds (one to reach
 * Redis, one for the others to hear it, unless Redis's own invalidation message came first), whether the
 * writer lives or not and whether or not the others hear Redis's messages. Thread-safe: rounds on one
 * thread, the catch-up on another.
 */
public final class ContentChangeRelay {

    /** The feed consumer that stands for the cache store every instance shares. */
    public static final String SHARED_CACHE = "shared-cache";

    /** Changes per read; a round reads at most {@link #ROUNDS} of them. */
    static final int BATCH = 500;

    private static final int ROUNDS = 20;
    private static final long UNSET = Long.MIN_VALUE;

    private final ContentChanges changes;
    private final CacheCoherence coherence;
    private final ContentTypes types;
    private final Object following = new Object();
    /** Where this instance's own copies are in the feed; {@link #UNSET} until the first round. */
    private long local = UNSET;

    public ContentChangeRelay(ContentChanges changes, CacheCoherence coherence, ContentTypes types) {
        this.changes = Objects.requireNonNull(changes, "changes");
        this.coherence = Objects.requireNonNull(coherence, "coherence");
        this.types = Objects.requireNonNull(types, "types");
    }

    /**
     * One round: applies to the shared store (if there is one and it is in use) what it has not taken yet,
     * then drops this instance's copies of whatever changed since the last round. Call it every interval.
     *
     * @return how many changes this round handed to the shared store or to this instance's copies
     * @throws SourceOfTruthUnavailableException if the feed cannot be read now (the next round goes on)
     * @throws CacheUnavailableException if the shared store failed (nothing it missed is acknowledged)
     */
    public int relay() {
        int relayed = 0;
        if (coherence.sharesStore() && coherence.sharedStoreAvailable()) {
            relayed += deliverToSharedStore().changes();
        }
        return relayed + followLocally();
    }

    /**
     * Applies every change committed so far to the shared store, for its recovery: it must return before the
     * store serves again. If the feed cannot be read (the database is down too), or holds more than a few
     * rounds' worth, drops every content entry of the shared store instead, since anything may have changed;
     * the changes not acknowledged are applied again later, which is harmless.
     *
     * @throws CacheUnavailableException if the shared store failed; recovery tries again later
     */
    public void catchUpSharedStore() {
        try {
            if (!deliverToSharedStore().more()) {
                return;
            }
        } catch (SourceOfTruthUnavailableException e) {
            // the feed cannot be read: below
        }
        coherence.applyShared(ContentCaching.everything(types));
    }

    /** Up to {@link #ROUNDS} deliveries to the shared store. */
    private Delivered deliverToSharedStore() {
        int delivered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ChangeBatch batch = changes.deliver(
                    SHARED_CACHE, BATCH, b -> coherence.applyShared(ContentCaching.invalidations(types, b)));
            delivered += batch.changes().size();
            if (!batch.more()) {
                return new Delivered(delivered, false);
            }
        }
        return new Delivered(delivered, true);
    }

    /** Drops this instance's copies of what changed since its last round, up to the shared store's position. */
    private int followLocally() {
        synchronized (following) {
            if (local == UNSET) {
                local = coherence.sharesStore() ? changes.acknowledged(SHARED_CACHE) : changes.end();
                coherence.dropLocal(ContentCaching.everything(types)); // anything copied before we knew
                return 0;
            }
            int followed = 0;
            for (int round = 0; round < ROUNDS; round++) {
                ChangeBatch batch = coherence.sharesStore()
                        ? changes.readAcknowledged(SHARED_CACHE, local, BATCH)
                        : changes.read(local, BATCH);
                if (!batch.isEmpty()) {
                    coherence.dropLocal(ContentCaching.invalidations(types, batch));
                }
                followed += batch.changes().size();
                local = batch.end();
                if (!batch.more()) {
                    break;
                }
            }
            return followed;
        }
    }

    /** How many changes were delivered, and whether more were left. */
    private record Delivered(int changes, boolean more) {}
}
