package dev.portkit.adapters.redis;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheCounters;
import dev.portkit.domain.cache.CacheKeys;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CachePayload;
import dev.portkit.domain.cache.CacheResult;
import dev.portkit.domain.cache.CacheStats;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.SingleFlight;
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
 *       kept coherent across instances by Redis pub/sub invalidation messages; an instance that
 *       missed a message serves a stale value at most until that TTL ends. See {@code NearCache}.
 *   <li>A single failed Redis call while the circuit is closed is absorbed: a read is a miss, a
 *       {@code getOrLoad} calls the loader, a write goes to the journal.
 * </ul>
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
    private final SingleFlight<Flight> flights = new SingleFlight<>();
    private final CacheCounters counters = new CacheCounters();
    private final ConcurrentHashMap<String, CacheNamespace> namespaces = new ConcurrentHashMap<>();
    private final AtomicLong fallbackClearedForOutage = new AtomicLong();

    /**
     * @param connector the shared connections
     * @param circuit the process's Redis circuit; this cache registers its journal replay with it
     * @param fallback the in-process cache used while Redis is unavailable
     */
    public RedisCache(RedisConnector connector, RedisCircuit circuit, Cache fallback, RedisCacheSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.near =
                new NearCache(settings.near(), Objects.requireNonNull(connector, "connector"), settings.keyPrefix());
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
        if (route == Route.REDIS) {
            try {
                CachePayload.Read<V> read = CachePayload.read(lookup(ns, key), codec);
                counters.lookup(ns, read);
                return read.value();
            } catch (RedisUnavailableException e) {
                counters.error(ns);
            }
        }
        counters.miss(ns);
        return Optional.empty();
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
        Route route = route();
        near.evictKey(ns.name(), key);
        Duration jittered = settings.jitter().apply(ttl);
        if (route == Route.REDIS && attempt(ns, () -> store.put(ns.name(), key, payload, jittered))) {
            return;
        }
        journal.recordDeletes(ns.name(), List.of(key));
        if (route == Route.FALLBACK) {
            fallback.put(ns, key, value, codec, capped(ttl));
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
        if (route == Route.REDIS) {
            byte[] payload;
            try {
                payload = lookup(ns, key);
            } catch (RedisUnavailableException e) {
                counters.error(ns);
                counters.miss(ns);
                return new CacheResult<>(load(ns, loader), false);
            }
            CachePayload.Read<V> read = CachePayload.read(payload, codec);
            counters.lookup(ns, read);
            if (read.hit()) {
                return new CacheResult<>(read.value(), true);
            }
            return flights.run(new Flight(ns.name(), key), () -> loadThroughRedis(ns, key, codec, loader));
        }
        counters.miss(ns);
        return new CacheResult<>(load(ns, loader), false);
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
        copy.forEach(key -> near.evictKey(ns.name(), key));
        if (route == Route.REDIS && attempt(ns, () -> store.delete(ns.name(), copy))) {
            return;
        }
        journal.recordDeletes(ns.name(), copy);
        if (route == Route.FALLBACK) {
            fallback.deleteAll(ns, copy);
        }
    }

    @Override
    public void invalidate(CacheNamespace ns) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        remember(ns);
        Route route = route();
        near.evictNamespace(ns.name());
        if (route == Route.REDIS && attempt(ns, () -> store.invalidate(ns.name()))) {
            return;
        }
        journal.recordInvalidation(ns.name());
        if (route == Route.FALLBACK) {
            fallback.invalidate(ns);
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

    private <V> CacheResult<V> loadThroughRedis(
            CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader) {
        // Another caller may have stored it between our lookup and this flight. The value loaded
        // below is stored under the generation read here: should the namespace be invalidated while
        // the loader runs, the value lands in the old generation, where nobody reads it.
        RedisCacheStore.Found found;
        try {
            found = circuit.call(() -> store.lookup(ns.name(), key));
        } catch (RedisUnavailableException e) {
            counters.error(ns);
            return new CacheResult<>(load(ns, loader), false);
        }
        CachePayload.Read<V> again = CachePayload.read(found.payload(), codec);
        if (again.hit()) {
            return new CacheResult<>(again.value(), true);
        }
        Optional<V> loaded = load(ns, loader);
        if (loaded.isPresent()) {
            writeOrForget(ns, key, CachePayload.ofValue(loaded.get(), codec), ns.ttl(), found);
        } else if (ns.cachesAbsence()) {
            writeOrForget(ns, key, CachePayload.ofAbsence(), ns.negativeTtl(), found);
        }
        return new CacheResult<>(loaded, false);
    }

    /** The payload from the near cache if it has it, else from Redis; throws while Redis fails. */
    private byte[] lookup(CacheNamespace ns, String key) {
        return near.read(ns.name(), key, () -> circuit.call(() -> store.lookup(ns.name(), key)));
    }

    /** Stores a load's result over what {@code found} saw, or else remembers to delete the key. */
    private void writeOrForget(
            CacheNamespace ns, String key, byte[] payload, Duration ttl, RedisCacheStore.Found found) {
        near.evictKey(ns.name(), key);
        Duration jittered = settings.jitter().apply(ttl);
        if (!attempt(ns, () -> store.putOver(found, ns.name(), key, payload, jittered))) {
            journal.recordDeletes(ns.name(), List.of(key));
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

    private <V> Optional<V> load(CacheNamespace ns, Supplier<Optional<V>> loader) {
        try {
            Optional<V> loaded = Objects.requireNonNull(loader.get(), "cache loader returned null");
            counters.load(ns);
            return loaded;
        } catch (RuntimeException | Error e) {
            counters.loadFailure(ns);
            throw e;
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

    private record Flight(String namespace, String key) {}
}
