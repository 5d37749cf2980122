package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The algorithm of {@link Cache#getOrLoad}, written once for every adapter: look the key up; on a
 * miss share one load among concurrent callers; store the result only if nothing changed the entry
 * meanwhile. And its other half, which every write must call: {@link #changed}, {@link
 * #invalidated}.
 *
 * <ul>
 *   <li><b>Single flight.</b> Concurrent misses for one key in this process share one loader run
 *       ({@link SingleFlight}), whatever the store does meanwhile, even if it fails.
 *   <li><b>A write detaches running loads.</b> After a put, delete or invalidation the adapter calls
 *       {@link #changed} or {@link #invalidated}: a load that began before it keeps its callers, but
 *       a caller arriving afterwards starts a load of its own, so it never gets what was read from
 *       the source before the write; and the detached load does not store its result.
 *   <li><b>The store fence.</b> The load's result is stored with {@link Store#storeOver}, only over
 *       what the load's own lookup saw, so that a change made by another process meanwhile (which
 *       cannot detach this process's loads) wins as well.
 * </ul>
 *
 * <p>The adapter counts store errors; this class counts hits, misses, loads and load failures in the
 * adapter's {@link CacheCounters}. Thread-safe.
 */
public final class CacheLoads {

    /**
     * An adapter's storage, as the load needs it.
     *
     * @param <S> what a lookup saw, for {@link #storeOver} to check that it has not changed
     */
    public interface Store<S> {

        /**
         * What is stored for the key now. A store failure is not an exception: return {@link
         * Lookup#failed()} (and count the error); the caller then loads, and nothing is stored.
         */
        Lookup<S> lookup(CacheNamespace ns, String key);

        /**
         * Stores {@code payload} for {@code ttl} only if the entry is still what {@code seen} saw:
         * a put, delete or invalidation since then wins. A store failure is not an exception.
         */
        void storeOver(S seen, CacheNamespace ns, String key, byte[] payload, Duration ttl);
    }

    /**
     * What a lookup found.
     *
     * @param payload the stored payload, {@code null} if none (see {@link CachePayload#read})
     * @param seen what a load's result may be stored over
     * @param storable {@code false} when the store could not be asked: load, but store nothing
     */
    public record Lookup<S>(byte[] payload, S seen, boolean storable) {

        public static <S> Lookup<S> of(byte[] payload, S seen) {
            return new Lookup<>(payload, seen, true);
        }

        /** The store failed: a miss, and nothing to store over. */
        public static <S> Lookup<S> failed() {
            return new Lookup<>(null, null, false);
        }
    }

    private final CacheCounters counters;
    private final SingleFlight<Flight> flights;

    /** Callers join a running load however long it has been running. */
    public CacheLoads(CacheCounters counters) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.flights = new SingleFlight<>();
    }

    /**
     * Callers join a running load only if it began less than {@code maxJoinAge} ago: for a cache
     * shared by several processes, whose changes may reach this one late (or not at all) and so
     * detach its loads late, this bounds how old a shared load's result can be.
     */
    public CacheLoads(CacheCounters counters, Duration maxJoinAge) {
        this.counters = Objects.requireNonNull(counters, "counters");
        this.flights = new SingleFlight<>(maxJoinAge);
    }

    /** {@link Cache#getOrLoad} over {@code store}; arguments are checked by the adapter. */
    public <V, S> CacheResult<V> getOrLoad(
            CacheNamespace ns, String key, Codec<V> codec, Supplier<Optional<V>> loader, Store<S> store) {
        CachePayload.Read<V> read = CachePayload.read(store.lookup(ns, key).payload(), codec);
        counters.lookup(ns, read);
        if (read.hit()) {
            return new CacheResult<>(read.value(), true);
        }
        return flights.run(new Flight(ns.name(), key), run -> {
            // another caller may have stored it since our lookup: look again, and remember what we saw
            Lookup<S> seen = store.lookup(ns, key);
            CachePayload.Read<V> again = CachePayload.read(seen.payload(), codec);
            if (again.hit()) {
                return new CacheResult<>(again.value(), true);
            }
            Optional<V> loaded = load(ns, loader);
            if (seen.storable() && !run.detached()) {
                if (loaded.isPresent()) {
                    store.storeOver(seen.seen(), ns, key, CachePayload.ofValue(loaded.get(), codec), ns.ttl());
                } else if (ns.cachesAbsence()) {
                    store.storeOver(seen.seen(), ns, key, CachePayload.ofAbsence(), ns.negativeTtl());
                }
            }
            return new CacheResult<>(loaded, false);
        });
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

    /**
     * The keys' entries were changed (put, delete): detaches the loads running for them. Call it
     * after the change is made, before the write returns, also when the store failed.
     */
    public void changed(CacheNamespace ns, Collection<String> keys) {
        for (String key : keys) {
            flights.detach(new Flight(ns.name(), key));
        }
    }

    /** {@link #changed} for a whole namespace ({@link Cache#invalidate}). */
    public void invalidated(CacheNamespace ns) {
        String name = ns.name();
        flights.detachIf(flight -> flight.namespace().equals(name));
    }

    /** {@link #changed} for several namespaces at once, e.g. when every entry may have changed. */
    public void invalidated(Collection<CacheNamespace> namespaces) {
        Set<String> names = new HashSet<>();
        namespaces.forEach(ns -> names.add(ns.name()));
        flights.detachIf(flight -> names.contains(flight.namespace()));
    }

    private record Flight(String namespace, String key) {}
}
