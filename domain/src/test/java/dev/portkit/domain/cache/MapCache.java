package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The smallest {@link Cache} that keeps the contract: a map with lazy expiry and no bound. It proves
 * the {@link CacheContract} suite itself, and serves adapter tests that need an in-process cache
 * (e.g. as the fallback of the Redis cache) without depending on another adapter module. Not for
 * production: nothing is ever evicted.
 */
public final class MapCache implements Cache {

    private final ConcurrentHashMap<StoredKey, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final SingleFlight<StoredKey> flights = new SingleFlight<>();
    private final CacheCounters counters = new CacheCounters();
    private final LongSupplier nanoTime;

    public MapCache() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock used for expiry, e.g. a fake one that tests move forward */
    public MapCache(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public <V> Optional<V> get(CacheNamespace ns, String key, Codec<V> codec) {
        Objects.requireNonNull(codec, "codec");
        return lookup(ns, key, codec).value();
    }

    @Override
    public <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec) {
        CacheKeys.check(ns, key);
        put(ns, key, value, codec, ns.ttl());
    }

    @Override
    public <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec, Duration ttl) {
        CacheKeys.check(ns, key);
        Objects.requireNonNull(codec, "codec");
        CacheKeys.checkTtl(ttl);
        store(storedKey(ns, key), CachePayload.ofValue(value, codec), ttl);
    }

    @Override
    public <V> CacheResult<V> getOrLoad(CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(loader, "loader");
        CachePayload.Read<V> read = lookup(ns, key, codec);
        if (read.hit()) {
            return new CacheResult<>(read.value(), true);
        }
        StoredKey stored = storedKey(ns, key);
        return flights.run(stored, () -> {
            CachePayload.Read<V> again = CachePayload.read(raw(stored), codec);
            Entry seen = entries.get(stored); // after raw(), which drops an expired entry
            if (again.hit()) {
                return new CacheResult<>(again.value(), true);
            }
            Optional<V> loaded;
            try {
                loaded = Objects.requireNonNull(loader.get(), "loader returned null");
            } catch (RuntimeException | Error e) {
                counters.loadFailure(ns);
                throw e;
            }
            counters.load(ns);
            // stored under the generation read before loading (an invalidate() meanwhile hides it),
            // and only over the entry seen before loading (a delete() meanwhile left a tombstone)
            if (loaded.isPresent()) {
                storeOver(seen, stored, CachePayload.ofValue(loaded.get(), codec), ns.ttl());
            } else if (ns.cachesAbsence()) {
                storeOver(seen, stored, CachePayload.ofAbsence(), ns.negativeTtl());
            }
            return new CacheResult<>(loaded, false);
        });
    }

    @Override
    public void delete(CacheNamespace ns, String key) {
        entries.put(storedKey(ns, key), new Entry(null, nanoTime.getAsLong() + CacheKeys.DELETE_FENCE.toNanos()));
    }

    @Override
    public void deleteAll(CacheNamespace ns, Collection<String> keys) {
        CacheKeys.checkAll(ns, keys);
        keys.forEach(key -> delete(ns, key));
    }

    @Override
    public void invalidate(CacheNamespace ns) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        generation(ns.name()).incrementAndGet();
    }

    @Override
    public CacheStats stats(CacheNamespace ns) {
        return counters.snapshot(ns);
    }

    private <V> CachePayload.Read<V> lookup(CacheNamespace ns, String key, Codec<V> codec) {
        CachePayload.Read<V> read = CachePayload.read(raw(storedKey(ns, key)), codec);
        counters.lookup(ns, read);
        return read;
    }

    private byte[] raw(StoredKey stored) {
        Entry entry = entries.get(stored);
        if (entry == null) {
            return null;
        }
        if (nanoTime.getAsLong() - entry.expiresAtNanos() >= 0) {
            entries.remove(stored, entry);
            return null;
        }
        return entry.payload();
    }

    private void store(StoredKey stored, byte[] payload, Duration ttl) {
        entries.put(stored, new Entry(payload, nanoTime.getAsLong() + ttl.toNanos()));
    }

    private void storeOver(Entry seen, StoredKey stored, byte[] payload, Duration ttl) {
        Entry entry = new Entry(payload, nanoTime.getAsLong() + ttl.toNanos());
        entries.compute(stored, (key, current) -> current == seen ? entry : current);
    }

    private StoredKey storedKey(CacheNamespace ns, String key) {
        CacheKeys.check(ns, key);
        return new StoredKey(ns.name(), generation(ns.name()).get(), key);
    }

    private AtomicLong generation(String namespace) {
        return generations.computeIfAbsent(namespace, n -> new AtomicLong());
    }

    private record StoredKey(String namespace, long generation, String key) {}

    /** A {@code null} payload is a tombstone: a miss that a running load may not overwrite. */
    private record Entry(byte[] payload, long expiresAtNanos) {}
}
