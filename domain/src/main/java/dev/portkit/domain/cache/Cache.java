package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A driven port for cache-aside use: application code asks the cache first and loads from the
 * source of truth on a miss. A cache is an optimisation, never the source of truth: an entry may
 * disappear at any time (eviction, expiry, a store outage), and callers must treat a miss as normal.
 *
 * <h2>Keys and namespaces</h2>
 *
 * Every entry lives in a {@link CacheNamespace}; the same key in two namespaces names two entries.
 * Keys are any non-blank strings, unicode included. A {@code null} namespace, key, codec, value,
 * loader or TTL throws {@link NullPointerException}; a blank key throws {@link
 * IllegalArgumentException}. {@link #invalidate} drops a whole namespace in O(1) without scanning
 * keys.
 *
 * <h2>Values</h2>
 *
 * Values are stored serialized through a {@link Codec}, with a format version, so the object passed
 * to {@code put} can be mutated afterwards without changing the entry. A stored payload that cannot
 * be decoded (another format version, corruption, a codec that throws) is a miss, counted in {@link
 * CacheStats#errors()}, and is never an exception to the caller. {@code null} is not a value: an
 * absent record is an empty {@link Optional}, cached by {@link #getOrLoad} as a negative entry.
 *
 * <h2>TTL</h2>
 *
 * An entry expires after its TTL (the namespace default or the one given), after which it is a
 * miss. Adapters may add a random jitter of a configured percentage to spread out the expiry of
 * entries written together; the effective TTL is then within {@code [ttl, ttl * (1 + jitter)]}.
 *
 * <h2>Reads after writes</h2>
 *
 * In one process, a read ({@code get} or {@code getOrLoad}) that starts after a {@code put}, {@link
 * #delete}, {@link #deleteAll} or {@link #invalidate} of its entry has returned never returns the
 * value from before that write: not from the store, not from an in-process copy, and not by sharing
 * a load that began before the write. Adapters whose store is shared by several processes state how
 * long another process may still return the older value (e.g. the Redis adapter's near-cache TTL).
 *
 * <h2>Failures</h2>
 *
 * Reads never throw because of the store: a store that fails reads as a miss and writes are
 * dropped (counted in {@link CacheStats#errors()}); degrading adapters serve from a fallback
 * instead. Only argument errors and loader exceptions reach the caller.
 *
 * <p>Implementations are thread-safe. {@link CacheLoads} implements {@code getOrLoad} for them.
 */
public interface Cache {

    /** The cached value, or empty on a miss (absent, expired, undecodable or a cached absence). */
    <V> Optional<V> get(CacheNamespace ns, String key, Codec<V> codec);

    /** Caches {@code value} for the namespace's default TTL, replacing any entry for the key. */
    <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec);

    /**
     * Caches {@code value} for {@code ttl}, replacing any entry for the key.
     *
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    <V> void put(CacheNamespace ns, String key, V value, Codec<V> codec, Duration ttl);

    /**
     * The cached value, or on a miss the loader's result, which is then cached: a present value for
     * the namespace TTL, an empty result for {@link CacheNamespace#negativeTtl()} (not at all when
     * that is zero).
     *
     * <p>Concurrent misses for one key in one process share a single load: the loader runs once and
     * every waiting caller gets its result, also while the store fails. A loader exception is not
     * cached and is rethrown unchanged to every caller that shared the load (checked exceptions
     * cannot occur: the loader is a {@link Supplier}). The loader must not return {@code null}.
     *
     * <p>A {@code put}, {@link #delete}, {@link #deleteAll} or {@link #invalidate} of the key while
     * the loader runs wins: the result still reaches the callers that joined that load before the
     * write, but it is not cached, and callers arriving after the write start a load of their own.
     * So a write to the source followed by a delete is never undone by a load that read the source
     * before the write. Within the process this holds however long the load takes; against a write
     * made by another process sharing the store, adapters remember a delete for {@link
     * CacheKeys#DELETE_FENCE}, and a load that outlasts it may still store its result.
     */
    <V> CacheResult<V> getOrLoad(CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader);

    /**
     * Removes the entry for the key, if any (also a cached absence), and keeps a load already
     * running for it from storing its result (see {@link #getOrLoad}).
     */
    void delete(CacheNamespace ns, String key);

    /** Removes the entries for the keys, if any. */
    void deleteAll(CacheNamespace ns, Collection<String> keys);

    /**
     * Drops every entry of the namespace, in O(1) and without {@code KEYS}: entries written before
     * the call are never returned again; entries written after it are unaffected.
     */
    void invalidate(CacheNamespace ns);

    /** This process's counters for the namespace. */
    CacheStats stats(CacheNamespace ns);
}
