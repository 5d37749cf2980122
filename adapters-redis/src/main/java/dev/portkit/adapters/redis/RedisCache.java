package dev.portkit.adapters.redis;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheCounters;
import dev.portkit.domain.cache.CacheInvalidation;
import dev.portkit.domain.cache.CacheKeys;
import dev.portkit.domain.cache.CacheLoads;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CachePayload;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.cache.CacheStats;
import dev.portkit.domain.cache.Codec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link Cache} port on Redis (Lettuce), degrading to an in-memory fallback while Redis is
 * unavailable and returning to Redis by itself, without stale reads.
 *
 * <ul>
 *   <li><b>Redis in use</b> (the shared {@link RedisCircuit} is closed): every operation goes to
 *       Redis. Keys live under the configured prefix; see {@code RedisCacheStore} for the scheme.
 *   <li><b>Fallback active</b> (circuit open or half-open): nothing waits on Redis. Reads and writes
 *       go to the fallback, which is emptied at the start of each outage and keeps entries at most
 *       {@link RedisCacheSettings#fallbackMaxTtl()}. Every invalidation, and every put (Redis may
 *       still hold an older value), is recorded in a bounded journal.
 *   <li><b>Recovery</b>: the circuit's probe replays the journal into Redis before the circuit
 *       closes; should anything be recorded after that, the first operation that finds the journal
 *       non-empty replays it before touching Redis. Until then operations bypass the cache. So Redis
 *       never serves a value that was invalidated while it was unreachable.
 *   <li><b>Near cache</b> (for the namespaces {@link RedisCacheSettings#near()} covers): while Redis
 *       is in use, reads are served from an in-process L1 of at most {@link NearCacheSettings#ttl()}
 *       kept coherent across instances by Redis pub/sub invalidation messages; see {@code
 *       NearCache}.
 *   <li>A single failed Redis call while the circuit is closed is absorbed: a read is a miss, a
 *       {@code getOrLoad} calls the loader, a write goes to the journal.
 * </ul>
 *
 * <h2>What a reader sees (while Redis is in use)</h2>
 *
 * <ul>
 *   <li><b>This instance</b>: a read that starts after a put, delete, deleteAll or invalidate
 *       through this instance has returned never sees the value before it. Each write changes Redis
 *       first, then drops this instance's copies ({@link #dropLocalCopies}: near-cache entries, and
 *       running loads, which later callers no longer join), so a read racing the write cannot put
 *       the old value back into the near cache afterwards.
 *   <li><b>Other instances</b> see the write once its invalidation message arrives, and in any
 *       case {@link NearCacheSettings#ttl()} after it returned: near-cache entries live no longer,
 *       and a caller never joins a load that began longer ago (this bounds the case where a message
 *       is lost, or never sent, e.g. for a namespace without near cache).
 * </ul>
 *
 * <p>Every change, this instance's own or another's, reaches this instance through {@link
 * #dropLocalCopies}. A durable feed of committed changes reaches Redis and this instance's copies
 * through {@link RedisCacheCoherence}, by the same paths.
 *
 * <p>Only argument errors and loader exceptions reach callers. Statistics add the fallback's.
 */
public final class RedisCache implements Cache {

    private final RedisCacheStore store;
    private final NearCache near;
    private final RedisCircuit circuit;
    private final Cache fallback;
    private final RedisCacheSettings settings;
    private final InvalidationJournal journal;
    private final CacheCounters counters = new CacheCounters();
    private final CacheLoads loads;
    private final CacheLoads.Store<RedisCacheStore.Found> throughRedis = new ThroughRedis();
    private final CacheLoads.Store<RedisCacheStore.Found> bypassing = new Bypassing();
    private final ConcurrentHashMap<String, CacheNamespace> namespaces = new ConcurrentHashMap<>();
    private final AtomicLong fallbackClearedForOutage = new AtomicLong();

    /**
     * @param connector the shared connections
     * @param circuit the process's Redis circuit; this cache registers its journal replay with it
     * @param fallback the in-process cache used while Redis is unavailable
     */
    public RedisCache(RedisConnector connector, RedisCircuit circuit, Cache fallback, RedisCacheSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loads = new CacheLoads(counters, settings.near().ttl());
        this.near = new NearCache(
                settings.near(),
                Objects.requireNonNull(connector, "connector"),
                settings.keyPrefix(),
                new OtherInstancesChanges());
        this.store = new RedisCacheStore(connector, settings.keyPrefix(), near);
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.journal = new InvalidationJournal(settings.journalCapacity());
        this.fallbackClearedForOutage.set(circuit.outages());
        circuit.addRecoveryStep(this::replayForRecovery);
    }

    @Override
    public <V> Optional<V> get(CacheNamespace ns, String key, Codec<V> codec) {
        check(ns, key);
        Objects.requireNonNull(codec, "codec must not be null");
        Route route = route();
        if (route == Route.FALLBACK) {
            return fallback.get(ns, key, codec);
        }
        CachePayload.Read<V> read = CachePayload.read(
                (route == Route.REDIS ? throughRedis : bypassing)
                        .lookup(ns, key)
                        .payload(),
                codec);
        counters.lookup(ns, read);
        return read.value();
    }

    @Override
    public <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec) {
        check(ns, key);
        put(ns, key, value, codec, ns.ttl());
    }

    @Override
    public <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec, Duration ttl) {
        check(ns, key);
        Objects.requireNonNull(codec, "codec must not be null");
        CacheKeys.checkTtl(ttl);
        byte[] payload = CachePayload.ofValue(value, codec);
        Duration jittered = settings.jitter().apply(ttl);
        Route route = route();
        try {
            if (route == Route.REDIS && attempt(ns, () -> store.put(ns.name(), key, payload, jittered))) {
                return;
            }
            journal.recordDeletes(ns.name(), List.of(key));
            if (route == Route.FALLBACK) {
                fallback.put(ns, key, value, codec, capped(ttl));
            }
        } finally {
            dropLocalCopies(ns.name(), List.of(key));
        }
    }

    @Override
    public <V> CacheResult<V> getOrLoad(CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader) {
        check(ns, key);
        Objects.requireNonNull(codec, "codec must not be null");
        Objects.requireNonNull(loader, "loader must not be null");
        Route route = route();
        if (route == Route.FALLBACK) {
            return fallback.getOrLoad(fallbackNamespace(ns), key, codec, loader);
        }
        return loads.getOrLoad(ns, key, codec, loader, route == Route.REDIS ? throughRedis : bypassing);
    }

    @Override
    public void delete(CacheNamespace ns, String key) {
        check(ns, key);
        deleteAll(ns, List.of(key));
    }

    @Override
    public void deleteAll(CacheNamespace ns, Collection<String> keys) {
        CacheKeys.checkAll(ns, keys);
        remember(ns);
        List<String> copy = List.copyOf(keys);
        if (copy.isEmpty()) {
            return;
        }
        Route route = route();
        try {
            if (route == Route.REDIS && attempt(ns, () -> store.delete(ns.name(), copy))) {
                return;
            }
            journal.recordDeletes(ns.name(), copy);
            if (route == Route.FALLBACK) {
                fallback.deleteAll(ns, copy);
            }
        } finally {
            dropLocalCopies(ns.name(), copy);
        }
    }

    @Override
    public void invalidate(CacheNamespace ns) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        remember(ns);
        Route route = route();
        try {
            if (route == Route.REDIS && attempt(ns, () -> store.invalidate(ns.name()))) {
                return;
            }
            journal.recordInvalidation(ns.name());
            if (route == Route.FALLBACK) {
                fallback.invalidate(ns);
            }
        } finally {
            dropLocalCopies(ns.name());
        }
    }

    @Override
    public CacheStats stats(CacheNamespace ns) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        return counters.snapshot(ns).plus(fallback.stats(ns));
    }

    /** Invalidations waiting for Redis; for tests and diagnostics. */
    int pendingInvalidations() {
        return journal.size();
    }

    /** The near cache; for tests. */
    NearCache nearCacheForTest() {
        return near;
    }

    /** The Redis key of an entry; lets tests plant raw entries. */
    byte[] entryKeyForTest(CacheNamespace ns, String key) {
        return store.entryKey(ns.name(), key);
    }

    /** The Redis key of a bucket's generation; for tests. */
    byte[] genKeyForTest(CacheNamespace ns, int bucket) {
        return store.genKey(ns.name(), bucket);
    }

    /**
     * Applies the invalidation to Redis itself, not through the circuit, the journal or the fallback,
     * then drops this instance's copies; throws what Redis throws. For {@link RedisCacheCoherence}.
     */
    void applyToRedis(CacheInvalidation invalidation) {
        CacheNamespace ns = invalidation.namespace();
        remember(ns);
        try {
            if (invalidation.wholeNamespace()) {
                store.invalidate(ns.name());
            } else {
                store.delete(ns.name(), invalidation.keys());
            }
        } finally {
            dropLocal(invalidation);
        }
    }

    /**
     * Drops this instance's copies of what the invalidation names, as when another instance announces
     * a change, and the fallback's (which another instance's write made stale, should this one be cut
     * off from Redis). For {@link RedisCacheCoherence}.
     */
    void dropLocal(CacheInvalidation invalidation) {
        CacheNamespace ns = invalidation.namespace();
        remember(ns);
        if (invalidation.wholeNamespace()) {
            dropLocalCopies(ns.name());
            fallback.invalidate(ns);
        } else {
            dropLocalCopies(ns.name(), invalidation.keys());
            fallback.deleteAll(ns, invalidation.keys());
        }
    }

    /**
     * Drops what this instance holds of the keys once they have changed: near-cache entries, and
     * the loads running for them (their callers keep their result; later callers load anew). Runs
     * after each of this instance's writes, and for each change another instance announces.
     */
    private void dropLocalCopies(String namespace, Collection<String> keys) {
        keys.forEach(key -> near.evictKey(namespace, key));
        CacheNamespace ns = namespaces.get(namespace);
        if (ns != null) { // else no load of it ever ran here
            loads.changed(ns, keys);
        }
    }

    /** {@link #dropLocalCopies(String, Collection)} for a whole namespace. */
    private void dropLocalCopies(String namespace) {
        near.evictNamespace(namespace);
        CacheNamespace ns = namespaces.get(namespace);
        if (ns != null) {
            loads.invalidated(ns);
        }
    }

    private boolean attempt(CacheNamespace ns, Runnable redisCall) {
        try {
            circuit.run(redisCall);
            return true;
        } catch (RedisUnavailableException e) {
            counters.error(ns);
            return false;
        }
    }

    /** Where this operation goes; see the class comment. */
    private Route route() {
        if (circuit.isOpen()) {
            emptyFallbackOncePerOutage();
            return Route.FALLBACK;
        }
        if (journal.isEmpty()) {
            return Route.REDIS;
        }
        try {
            return journal.replay(batch -> circuit.run(() -> apply(batch))) ? Route.REDIS : Route.BYPASS;
        } catch (RedisUnavailableException e) {
            return Route.BYPASS;
        }
    }

    /** The circuit's recovery step: runs on its probe, before it closes. */
    private void replayForRecovery() {
        if (!journal.replay(this::apply)) {
            throw new IllegalStateException("cache invalidation journal is being replayed by another thread");
        }
    }

    private void apply(InvalidationJournal.Batch batch) {
        batch.invalidations().forEach(store::invalidate);
        batch.deletions().forEach(store::delete);
    }

    /**
     * Entries the fallback kept from an earlier outage may have been invalidated in Redis since:
     * the first operation of each outage empties every namespace this cache has seen.
     */
    private void emptyFallbackOncePerOutage() {
        long outage = circuit.outages();
        long cleared = fallbackClearedForOutage.get();
        if (cleared != outage && fallbackClearedForOutage.compareAndSet(cleared, outage)) {
            near.clear();
            namespaces.values().forEach(fallback::invalidate);
        }
    }

    private CacheNamespace fallbackNamespace(CacheNamespace ns) {
        if (ns.ttl().compareTo(settings.fallbackMaxTtl()) <= 0
                && ns.negativeTtl().compareTo(settings.fallbackMaxTtl()) <= 0) {
            return ns;
        }
        return new CacheNamespace(ns.name(), capped(ns.ttl()), capped(ns.negativeTtl()));
    }

    private Duration capped(Duration ttl) {
        return ttl.compareTo(settings.fallbackMaxTtl()) <= 0 ? ttl : settings.fallbackMaxTtl();
    }

    private void check(CacheNamespace ns, String key) {
        CacheKeys.check(ns, key);
        remember(ns);
    }

    private void remember(CacheNamespace ns) {
        namespaces.putIfAbsent(ns.name(), ns);
    }

    private enum Route {
        /** Redis is in use. */
        REDIS,
        /** The circuit is open: the fallback serves. */
        FALLBACK,
        /** Redis is usable but the journal must be replayed first: skip the cache for this call. */
        BYPASS
    }

    /**
     * Lookups through the near cache and Redis; a load's result is stored in Redis only over the
     * generation and entry its lookup saw ({@code RedisCacheStore.putOver}), else the key is
     * journaled for deletion, since Redis may or may not have taken it.
     */
    private final class ThroughRedis implements CacheLoads.Store<RedisCacheStore.Found> {

        @Override
        public CacheLoads.Lookup<RedisCacheStore.Found> lookup(CacheNamespace ns, String key) {
            try {
                RedisCacheStore.Found found =
                        near.read(ns.name(), key, () -> circuit.call(() -> store.lookup(ns.name(), key)));
                return CacheLoads.Lookup.of(found.payload(), found);
            } catch (RedisUnavailableException e) {
                counters.error(ns);
                return CacheLoads.Lookup.failed();
            }
        }

        @Override
        public void storeOver(RedisCacheStore.Found seen, CacheNamespace ns, String key, byte[] payload, Duration ttl) {
            Duration jittered = settings.jitter().apply(ttl);
            try {
                if (!attempt(ns, () -> store.putOver(seen, ns.name(), key, payload, jittered))) {
                    journal.recordDeletes(ns.name(), List.of(key));
                }
            } finally {
                near.evictKey(ns.name(), key);
            }
        }
    }

    /** While the journal waits: every lookup misses and nothing is stored, but loads are shared. */
    private static final class Bypassing implements CacheLoads.Store<RedisCacheStore.Found> {

        @Override
        public CacheLoads.Lookup<RedisCacheStore.Found> lookup(CacheNamespace ns, String key) {
            return CacheLoads.Lookup.failed();
        }

        @Override
        public void storeOver(RedisCacheStore.Found seen, CacheNamespace ns, String key, byte[] payload, Duration ttl) {
            throw new IllegalStateException("a bypassing lookup is never storable");
        }
    }

    /** What other instances announce they changed: dropped here as after this instance's writes. */
    private final class OtherInstancesChanges implements NearCache.Changes {

        @Override
        public void keyChanged(String namespace, String key) {
            dropLocalCopies(namespace, List.of(key));
        }

        @Override
        public void namespaceChanged(String namespace) {
            dropLocalCopies(namespace);
        }

        @Override
        public void anythingChanged() {
            near.clear();
            loads.invalidated(namespaces.values());
        }
    }
}
