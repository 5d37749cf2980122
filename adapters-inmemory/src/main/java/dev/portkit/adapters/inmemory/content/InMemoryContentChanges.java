package dev.portkit.adapters.inmemory.content;

import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentChange;
import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@link ContentChanges} of an {@link InMemoryContentRepository}, in the process's memory: positions are
 * 1, 2, 3... in the order the repository's writes took effect, and only the last {@code capacity} changes
 * are kept (older ones are purged, which readers behind them see as {@link ChangeBatch#missed()}). Nothing
 * survives a restart. Thread-safe.
 */
public final class InMemoryContentChanges implements ContentChanges {

    private final int capacity;
    private final Map<String, ReentrantLock> delivering = new ConcurrentHashMap<>();
    /** The kept changes: the one at position p is at index p - purged - 1. Guarded by this. */
    private final List<ContentChange> kept = new ArrayList<>();
    /** Guarded by this. */
    private final Map<String, Long> acknowledged = new HashMap<>();
    /** The last position dropped, 0 if none. Changed under this object's lock. */
    private final AtomicLong purged = new AtomicLong();

    /** @param capacity how many changes are kept; at least 1 */
    public InMemoryContentChanges(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Keeps the last 10,000 changes. */
    public InMemoryContentChanges() {
        this(10_000);
    }

    /** Records a change that has just taken effect in the repository. */
    synchronized void record(ContentType type, ContentId id, ContentChange.Kind kind) {
        kept.add(new ContentChange(purged.get() + kept.size() + 1, type, id, kind));
        if (kept.size() >= 2 * capacity) { // drop in bulk: amortised O(1) per change
            int drop = kept.size() - capacity;
            purged.addAndGet(drop);
            kept.subList(0, drop).clear();
        }
    }

    @Override
    public synchronized long end() {
        return purged.get() + kept.size();
    }

    @Override
    public synchronized ChangeBatch read(long position, int limit) {
        return read(position, end(), limit);
    }

    @Override
    public synchronized long acknowledged(String consumer) {
        return acknowledged.getOrDefault(ContentChanges.checkConsumer(consumer), 0L);
    }

    @Override
    public synchronized ChangeBatch readAcknowledged(String consumer, long position, int limit) {
        return read(position, acknowledged(consumer), limit);
    }

    @Override
    public ChangeBatch deliver(String consumer, int limit, Consumer<ChangeBatch> handler) {
        ContentChanges.checkConsumer(consumer);
        Objects.requireNonNull(handler, "handler");
        ReentrantLock lock = delivering.computeIfAbsent(consumer, c -> new ReentrantLock());
        lock.lock();
        try {
            ChangeBatch batch = read(acknowledged(consumer), limit);
            if (batch.isEmpty()) {
                return batch;
            }
            handler.accept(batch);
            synchronized (this) {
                acknowledged.put(consumer, batch.end());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private synchronized ChangeBatch read(long position, long upTo, int limit) {
        long purged = this.purged.get();
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long from = Math.max(position, purged);
        long to = Math.min(upTo, from + limit);
        if (to <= from) {
            return new ChangeBatch(List.of(), Math.max(position, upTo), position < purged, false);
        }
        List<ContentChange> changes = List.copyOf(kept.subList((int) (from - purged), (int) (to - purged)));
        return new ChangeBatch(changes, to, position < purged, to < upTo);
    }
}
