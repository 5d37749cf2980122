package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The smallest {@link Cache} that keeps the contract: a map with lazy expiry and no bound, and
 * {@link CacheLoads} for {@code getOrLoad}. It proves the {@link CacheContract} suite itself, and
 * serves adapter tests that need an in-process cache (e.g. as the fallback of the Redis cache)
 * without depending on another adapter module. Not for production: nothing is ever evicted.
 */
public final class MapCache implements Cache {

    private final ConcurrentHashMap<StoredKey, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final CacheCounters counters = new CacheCounters();
    private final CacheLoads loads = new CacheLoads(counters);
    private final CacheLoads.Store<Seen> store = new MapStore();
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
        Entry entry = current(storedKey(ns, key));
        CachePayload.Read<V> read = CachePayload.read(entry == null ? null : entry.payload(), codec);
        counters.lookup(ns, read);
        return read.value();
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
        entries.put(storedKey(ns, key), new Entry(CachePayload.ofValue(value, codec), expiry(ttl)));
        loads.changed(ns, List.of(key));
    }

    @Override
    public <V> CacheResult<V> getOrLoad(CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader) {
        CacheKeys.check(ns, key);
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(loader, "loader");
        return loads.getOrLoad(ns, key, codec, loader, store);
    }

    @Override
    public void delete(CacheNamespace ns, String key) {
        deleteAll(ns, List.of(CacheKeys.check(ns, key)));
    }

    @Override
    public void deleteAll(CacheNamespace ns, Collection<String> keys) {
        CacheKeys.checkAll(ns, keys);
        for (String key : keys) {
            entries.put(storedKey(ns, key), new Entry(null, expiry(CacheKeys.DELETE_FENCE)));
        }
        loads.changed(ns, keys);
    }

    @Override
    public void invalidate(CacheNamespace ns) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        generation(ns.name()).incrementAndGet();
        loads.invalidated(ns);
    }

    @Override
    public CacheStats stats(CacheNamespace ns) {
        return counters.snapshot(ns);
    }

    /** The entry, or null when absent or expired (an expired entry is dropped). */
    private Entry current(StoredKey stored) {
        Entry entry = entries.get(stored);
        if (entry != null && nanoTime.getAsLong() - entry.expiresAtNanos() >= 0) {
            entries.remove(stored, entry);
            return null;
        }
        return entry;
    }

    private long expiry(Duration ttl) {
        return nanoTime.getAsLong() + ttl.toNanos();
    }

    private StoredKey storedKey(CacheNamespace ns, String key) {
        CacheKeys.check(ns, key);
        return new StoredKey(ns.name(), generation(ns.name()).get(), key);
    }

    private AtomicLong generation(String namespace) {
        return generations.computeIfAbsent(namespace, n -> new AtomicLong());
    }

    /**
     * The load's half: a lookup remembers the key under the generation it read and the entry it
     * found; a load is stored under that generation (an invalidate meanwhile hides it) and only over
     * that entry (a put or delete meanwhile replaced it).
     */
    private final class MapStore implements CacheLoads.Store<Seen> {

        @Override
        public CacheLoads.Lookup<Seen> lookup(CacheNamespace ns, String key) {
            StoredKey stored = storedKey(ns, key);
            Entry entry = current(stored);
            return CacheLoads.Lookup.of(entry == null ? null : entry.payload(), new Seen(stored, entry));
        }

        @Override
        public void storeOver(Seen seen, CacheNamespace ns, String key, byte[] payload, Duration ttl) {
            Entry entry = new Entry(payload, expiry(ttl));
            entries.compute(seen.key(), (k, current) -> current == seen.entry() ? entry : current);
        }
    }

    private record StoredKey(String namespace, long generation, String key) {}

    private record Seen(StoredKey key, Entry entry) {}

    /** A {@code null} payload is a tombstone: a miss that a running load may not overwrite. */
    private record Entry(byte[] payload, long expiresAtNanos) {}
}
