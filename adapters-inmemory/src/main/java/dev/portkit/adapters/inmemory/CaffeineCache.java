package dev.portkit.adapters.inmemory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link Cache} port in this process's memory (Caffeine): bounded by entries or bytes, with a
 * TTL per entry. Values are stored serialized, exactly like in Redis, so both adapters behave the
 * same. It is the cache of single-instance deployments and the fallback while Redis is down.
 *
 * <p>Namespace invalidation bumps a per-namespace generation that is part of every stored key:
 * O(1), and the invalidated entries, now unreachable, age out through the size bound or their TTL.
 */
public final class CaffeineCache implements Cache {

    /** Bytes counted per entry on top of key and payload, for the byte bound. */
    private static final int ENTRY_OVERHEAD = 64;

    private final com.github.benmanes.caffeine.cache.Cache<StoredKey, Entry> entries;
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final SingleFlight<StoredKey> flights = new SingleFlight<>();
    private final CacheCounters counters = new CacheCounters();
    private final CaffeineCacheSettings settings;

    public CaffeineCache(CaffeineCacheSettings settings) {
        this(settings, Ticker.systemTicker());
    }

    /** With a ticker that tests can move forward. */
    CaffeineCache(CaffeineCacheSettings settings, Ticker ticker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Caffeine<StoredKey, Entry> builder = Caffeine.newBuilder()
                .ticker(Objects.requireNonNull(ticker, "ticker"))
                .expireAfter(Expiry.<StoredKey, Entry>writing((key, entry) -> entry.ttl()))
                .evictionListener((StoredKey key, Entry entry, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE && key != null) {
                        counters.eviction(key.namespace());
                    }
                });
        if (settings.inBytes()) {
            builder.maximumWeight(settings.maximum()).weigher(CaffeineCache::weigh);
        } else {
            builder.maximumSize(settings.maximum());
        }
        this.entries = builder.build();
    }

    @Override
    public <V> Optional<V> get(CacheNamespace ns, String key, Codec<V> codec) {
        Objects.requireNonNull(codec, "codec must not be null");
        return lookup(storedKey(ns, key), ns, codec).value();
    }

    @Override
    public <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec) {
        CacheKeys.check(ns, key);
        put(ns, key, value, codec, ns.ttl());
    }

    @Override
    public <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec, Duration ttl) {
        StoredKey stored = storedKey(ns, key);
        Objects.requireNonNull(codec, "codec must not be null");
        CacheKeys.checkTtl(ttl);
        entries.put(
                stored,
                new Entry(CachePayload.ofValue(value, codec), settings.jitter().apply(ttl)));
    }

    @Override
    public <V> CacheResult<V> getOrLoad(CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader) {
        StoredKey stored = storedKey(ns, key);
        Objects.requireNonNull(codec, "codec must not be null");
        Objects.requireNonNull(loader, "loader must not be null");
        CachePayload.Read<V> read = lookup(stored, ns, codec);
        if (read.hit()) {
            return new CacheResult<>(read.value(), true);
        }
        // The key carries the generation read above: a load that races an invalidate() is stored
        // under the old generation, where nobody will read it.
        // A delete meanwhile leaves a tombstone, so the load is stored only over the entry it saw.
        return flights.run(stored, () -> {
            Entry seen = entries.getIfPresent(stored);
            CachePayload.Read<V> again = CachePayload.read(seen == null ? null : seen.payload(), codec);
            if (again.hit()) {
                return new CacheResult<>(again.value(), true);
            }
            Optional<V> loaded = load(ns, loader);
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
        entries.put(storedKey(ns, key), Entry.tombstone());
    }

    @Override
    public void deleteAll(CacheNamespace ns, Collection<String> keys) {
        CacheKeys.checkAll(ns, keys);
        for (String key : keys) {
            entries.put(storedKey(ns, key), Entry.tombstone());
        }
    }

    @Override
    public void invalidate(CacheNamespace ns) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        generation(ns.name()).incrementAndGet();
    }

    @Override
    public CacheStats stats(CacheNamespace ns) {
        Objects.requireNonNull(ns, "cache namespace must not be null");
        return counters.snapshot(ns);
    }

    /** Runs Caffeine's pending maintenance (evictions, listeners) now; for tests. */
    void cleanUp() {
        entries.cleanUp();
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

    private <V> CachePayload.Read<V> lookup(StoredKey stored, CacheNamespace ns, Codec<V> codec) {
        CachePayload.Read<V> read = CachePayload.read(raw(stored), codec);
        counters.lookup(ns, read);
        return read;
    }

    private void storeOver(Entry seen, StoredKey stored, byte[] payload, Duration ttl) {
        Entry entry = new Entry(payload, settings.jitter().apply(ttl));
        if (seen == null) {
            entries.asMap().putIfAbsent(stored, entry);
        } else {
            entries.asMap().replace(stored, seen, entry);
        }
    }

    private byte[] raw(StoredKey stored) {
        Entry entry = entries.getIfPresent(stored);
        return entry == null ? null : entry.payload();
    }

    private StoredKey storedKey(CacheNamespace ns, String key) {
        CacheKeys.check(ns, key);
        return new StoredKey(ns.name(), generation(ns.name()).get(), key);
    }

    private AtomicLong generation(String namespace) {
        return generations.computeIfAbsent(namespace, name -> new AtomicLong());
    }

    private static int weigh(StoredKey key, Entry entry) {
        long weight = ENTRY_OVERHEAD + 2L * key.key().length() + (entry.payload() == null ? 0 : entry.payload().length);
        return (int) Math.min(Integer.MAX_VALUE, weight);
    }

    private record StoredKey(String namespace, long generation, String key) {}

    /**
     * A stored payload and its TTL; a {@code null} payload is a tombstone, a miss that a running
     * load may not overwrite. Equal only to itself, so that a load replaces exactly the entry it saw.
     */
    private static final class Entry {

        private final byte[] payload;
        private final Duration ttl;

        Entry(byte[] payload, Duration ttl) {
            this.payload = payload;
            this.ttl = ttl;
        }

        static Entry tombstone() {
            return new Entry(null, CacheKeys.DELETE_FENCE);
        }

        byte[] payload() {
            return payload;
        }

        Duration ttl() {
            return ttl;
        }
    }
}
