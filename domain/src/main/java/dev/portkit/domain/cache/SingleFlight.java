package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs at most one piece of work per key at a time in this process: callers that arrive while it
 * runs wait for it and share its result, or its exception, which they receive unchanged. Once the
 * work has finished, the next caller starts a new run. Used by {@link Cache#getOrLoad} (through
 * {@link CacheLoads}) so that a burst of misses for one key loads it once.
 *
 * <p>A run can be {@linkplain #detach detached}: its callers still get its result, but callers
 * arriving afterwards start a new run, and the work can see that it was detached. A cache detaches
 * the load of a key it has just changed, so that nobody who arrives after the change gets what was
 * loaded before it. With a join limit, a run that started longer ago than the limit is not joined
 * either.
 *
 * <p>Callers of one key must expect the same result type. Thread-safe.
 */
public final class SingleFlight<K> {

    /** What the work can ask about its own run. */
    public interface Run {

        /** Whether {@link #detach} or {@link #detachIf} detached this run since it started. */
        boolean detached();
    }

    private final ConcurrentHashMap<K, Flight> inFlight = new ConcurrentHashMap<>();
    private final long maxJoinAgeNanos;
    private final LongSupplier nanoTime;

    /** Callers join a run however long it has been running. */
    public SingleFlight() {
        this.maxJoinAgeNanos = Long.MAX_VALUE;
        this.nanoTime = System::nanoTime;
    }

    /** Callers join a run only if it started less than {@code maxJoinAge} ago. */
    public SingleFlight(Duration maxJoinAge) {
        this(maxJoinAge, System::nanoTime);
    }

    SingleFlight(Duration maxJoinAge, LongSupplier nanoTime) {
        if (maxJoinAge.isNegative() || maxJoinAge.isZero()) {
            throw new IllegalArgumentException("maxJoinAge must be positive, was " + maxJoinAge);
        }
        this.maxJoinAgeNanos = maxJoinAge.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Runs {@code work}, or waits for the run already in progress for {@code key}. */
    public <T> T run(K key, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        return run(key, ignored -> work.get());
    }

    /** {@link #run(Object, Supplier)} for work that wants to know whether it was detached. */
    @SuppressWarnings("unchecked")
    public <T> T run(K key, Function<? super Run, T> work) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(work, "work");
        Flight mine = new Flight(nanoTime.getAsLong());
        while (true) {
            Flight running = inFlight.putIfAbsent(key, mine);
            if (running == null) {
                break;
            }
            if (mine.startedNanos - running.startedNanos < maxJoinAgeNanos) {
                return (T) await(running);
            }
            if (inFlight.replace(key, running, mine)) {
                break; // too old to join: it keeps its callers, later ones get ours
            }
        }
        try {
            T result = work.apply(mine);
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * Detaches the run in progress for {@code key}, if any: its callers still get its result, and
     * callers arriving from now on start a new run.
     */
    public void detach(K key) {
        Objects.requireNonNull(key, "key");
        inFlight.computeIfPresent(key, (k, flight) -> {
            flight.detached = true;
            return null;
        });
    }

    /** {@link #detach} for every run whose key matches; takes time in the number of runs in progress. */
    public void detachIf(Predicate<? super K> which) {
        Objects.requireNonNull(which, "which");
        inFlight.keySet().forEach(key -> {
            if (which.test(key)) {
                detach(key);
            }
        });
    }

    private static Object await(CompletableFuture<Object> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static final class Flight extends CompletableFuture<Object> implements Run {

        final long startedNanos;
        volatile boolean detached;

        Flight(long startedNanos) {
            this.startedNanos = startedNanos;
        }

        @Override
        public boolean detached() {
            return detached;
        }
    }
}
