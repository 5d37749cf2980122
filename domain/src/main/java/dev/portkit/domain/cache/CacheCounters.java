package dev.portkit.domain.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-namespace counters behind {@link Cache#stats}, the same in every adapter. Thread-safe. */
public final class CacheCounters {

    private final ConcurrentHashMap<String, Counters> byNamespace = new ConcurrentHashMap<>();

    public void hit(CacheNamespace ns) {
        of(ns.name()).hits.increment();
    }

    public void miss(CacheNamespace ns) {
        of(ns.name()).misses.increment();
    }

    public void load(CacheNamespace ns) {
        of(ns.name()).loads.increment();
    }

    public void loadFailure(CacheNamespace ns) {
        of(ns.name()).loadFailures.increment();
    }

    public void error(CacheNamespace ns) {
        of(ns.name()).errors.increment();
    }

    /** Takes the name only: eviction listeners see stored keys, not namespace objects. */
    public void eviction(String namespace) {
        of(namespace).evictions.increment();
    }

    /** Counts the outcome of a lookup: a hit, or a miss (and an error if undecodable). */
    public void lookup(CacheNamespace ns, CachePayload.Read<?> read) {
        switch (read.outcome()) {
            case HIT -> hit(ns);
            case MISS -> miss(ns);
            case UNDECODABLE -> {
                miss(ns);
                error(ns);
            }
        }
    }

    public CacheStats snapshot(CacheNamespace ns) {
        Counters c = byNamespace.get(ns.name());
        if (c == null) {
            return CacheStats.EMPTY;
        }
        return new CacheStats(
                c.hits.sum(), c.misses.sum(), c.loads.sum(), c.loadFailures.sum(), c.errors.sum(), c.evictions.sum());
    }

    private Counters of(String namespace) {
        return byNamespace.computeIfAbsent(namespace, n -> new Counters());
    }

    private static final class Counters {
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder loads = new LongAdder();
        final LongAdder loadFailures = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder evictions = new LongAdder();
    }
}
