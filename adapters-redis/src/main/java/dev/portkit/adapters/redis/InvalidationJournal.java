package dev.portkit.adapters.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Invalidations that Redis has not seen yet because it was unreachable: key deletions and whole
 * namespace invalidations, to apply before Redis serves reads again. All of them are deletions, so
 * their order does not matter and duplicates collapse.
 *
 * <p>Bounded: when a namespace's deletions would exceed the capacity, they are replaced by one
 * invalidation of the whole namespace (more misses after recovery, never a stale read). Entries are
 * removed only after Redis has applied them, and only if not recorded again meanwhile. Thread-safe.
 */
final class InvalidationJournal {

    private final int capacity;
    private final ReentrantLock replaying = new ReentrantLock();
    /** Namespace → key → sequence number of its latest recording. */
    private final Map<String, Map<String, Long>> deletions = new HashMap<>();
    /** Namespace → sequence number of its latest whole-namespace invalidation. */
    private final Map<String, Long> invalidations = new HashMap<>();

    private long sequence;
    private int size;
    private volatile boolean empty = true;

    InvalidationJournal(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("journal capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Cheap, lock-free check for the hot path. */
    boolean isEmpty() {
        return empty;
    }

    synchronized void recordDeletes(String namespace, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        if (invalidations.containsKey(namespace)) {
            invalidations.put(namespace, ++sequence);
            return; // the pending namespace invalidation covers these keys
        }
        Map<String, Long> keysOfNamespace = deletions.computeIfAbsent(namespace, n -> new LinkedHashMap<>());
        for (String key : keys) {
            if (keysOfNamespace.put(key, ++sequence) == null) {
                size++;
            }
            if (size > capacity) {
                recordInvalidation(namespace);
                return;
            }
        }
        empty = false;
    }

    synchronized void recordInvalidation(String namespace) {
        Map<String, Long> dropped = deletions.remove(namespace);
        if (dropped != null) {
            size -= dropped.size();
        }
        invalidations.put(namespace, ++sequence);
        empty = false;
    }

    /** What to apply: namespaces to invalidate and keys to delete per namespace. */
    record Batch(long upTo, List<String> invalidations, Map<String, List<String>> deletions) {}

    /** Applies the journal; see {@link #replay(Applier)}. */
    interface Applier {
        void apply(Batch batch);
    }

    /**
     * Applies everything recorded, repeating until nothing is left, then returns {@code true}.
     * Returns {@code false} at once if another thread is replaying, and lets {@code applier}'s
     * exception through if Redis fails (what was applied before stays removed).
     */
    boolean replay(Applier applier) {
        if (!replaying.tryLock()) {
            return false;
        }
        try {
            while (true) {
                Batch batch = snapshot();
                if (batch == null) {
                    return true;
                }
                applier.apply(batch);
                remove(batch);
            }
        } finally {
            replaying.unlock();
        }
    }

    synchronized int size() {
        return size + invalidations.size();
    }

    private synchronized Batch snapshot() {
        if (deletions.isEmpty() && invalidations.isEmpty()) {
            empty = true;
            return null;
        }
        Map<String, List<String>> keys = new HashMap<>();
        deletions.forEach((namespace, byKey) -> keys.put(namespace, new ArrayList<>(byKey.keySet())));
        return new Batch(sequence, new ArrayList<>(invalidations.keySet()), keys);
    }

    private synchronized void remove(Batch batch) {
        invalidations.values().removeIf(seq -> seq <= batch.upTo());
        deletions.values().forEach(byKey -> {
            int before = byKey.size();
            byKey.values().removeIf(seq -> seq <= batch.upTo());
            size -= before - byKey.size();
        });
        deletions.values().removeIf(Map::isEmpty);
        empty = deletions.isEmpty() && invalidations.isEmpty();
    }
}
