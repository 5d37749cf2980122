package dev.portkit.adapters.inmemory;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheCounters;
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
 * The {@link Cache} port in this process's memory (Caffeine): bounded by entries or bytes, with a
 * TTL per entry. Values are stored serialized, exactly like in Redis, so both adapters behave the
 * same. It is the cache of single-instance deployments and the fallback while Redis is down.
 *
 * <p>Namespace invalidation bumps a per-namespace generation that is part of every stored key:
 * O(1), and the invalidated entries, now unreachable, age out through the size bound or their TTL.
 * {@code getOrLoad} is {@link CacheLoads}: a lookup remembers the generation and the entry it saw,
 * and a load is stored only under that generation and over that entry, so a delete (a tombstone),
 * put or invalidation made while it ran wins.
 */
public final class CaffeineCache implements Cache {

    /** Bytes counted per entry on top of key and payload, for the byte bound. */
    private static final int ENTRY_OVERHEAD = 64;

    private final com.github.benmanes.caffeine.cache.Cache<StoredKey, Entry> entries;
    private final ConcurrentHashMap<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final CacheCounters counters = new CacheCounters();
    private final CacheLoads loads = new CacheLoads(counters);
    private final CacheLoads.Store<Seen> store = new CaffeineStore();
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
        Entry entry = entries.getIfPresent(storedKey(ns, key));
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
        StoredKey stored = storedKey(ns, key);
        Objects.requireNonNull(codec, "codec must not be null");
        CacheKeys.checkTtl(ttl);
        entries.put(
                stored,
                new Entry(CachePayload.ofValue(value, codec), settings.jitter().apply(ttl)));
        loads.changed(ns, List.of(key));
    }

    @Override
    public <V> CacheResult<V> getOrLoad(CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader) {
        CacheKeys.check(ns, key);
        Objects.requireNonNull(codec, "codec must not be null");
        Objects.requireNonNull(loader, "loader must not be null");
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
            entries.put(storedKey(ns, key), Entry.tombstone());
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
        Objects.requireNonNull(ns, "cache namespace must not be null");
        return counters.snapshot(ns);
    }

    /** Runs Caffeine's pending maintenance (evictions, listeners) now; for tests. */
    void cleanUp() {
        entries.cleanUp();
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

    /** A lookup for a load remembers the key with its generation and the entry it found. */
    private final class CaffeineStore implements CacheLoads.Store<Seen> {

        @Override
        public CacheLoads.Lookup<Seen> lookup(CacheNamespace ns, String key) {
            StoredKey stored = storedKey(ns, key);
            Entry entry = entries.getIfPresent(stored);
            return CacheLoads.Lookup.of(entry == null ? null : entry.payload(), new Seen(stored, entry));
        }

        @Override
        public void storeOver(Seen seen, CacheNamespace ns, String key, byte[] payload, Duration ttl) {
            Entry entry = new Entry(payload, settings.jitter().apply(ttl));
            if (seen.entry() == null) {
                entries.asMap().putIfAbsent(seen.key(), entry);
            } else {
                entries.asMap().replace(seen.key(), seen.entry(), entry);
            }
        }
    }

    private record StoredKey(String namespace, long generation, String key) {}

    private record Seen(StoredKey key, Entry entry) {}

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
