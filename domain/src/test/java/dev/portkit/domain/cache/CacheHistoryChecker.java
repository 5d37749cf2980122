package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A randomized concurrent check of what a cache promises its readers: several threads use the cache
 * the way the application does (cache-aside) while every operation's start, end and result is
 * recorded; afterwards the history is checked against one rule.
 *
 * <ul>
 *   <li><b>Writers</b> take a key, raise its version in the source of truth (a counter per key),
 *       then tell the cache: {@code put} of the new version, {@code delete}, {@code deleteAll} (with
 *       another key) or {@code invalidate} of the namespace. Writes to one key are serialised (one
 *       record, one writer at a time), as cache-aside with {@code put} needs.
 *   <li><b>Readers</b> {@code get} or {@code getOrLoad} a key; the loader reads the source and
 *       sometimes takes a while, as a database does under load, so that writes and other reads
 *       happen while it runs.
 *   <li><b>The rule</b>: a read that returns a version must not return one older than a write of
 *       the same key that completed before the read started, through the same cache instance; or,
 *       through another instance sharing the store, that completed more than {@code bound} before
 *       the read started. A miss ({@code get} empty) is always allowed.
 * </ul>
 *
 * <p>Seeded (each thread draws its operations from the seed; the interleaving is the machine's),
 * bounded by a number of operations and a time limit, with no sleeps for synchronisation. On a
 * violation the error names the seed and the first offending reads; run again with {@code
 * -Dportkit.cache.checker.seed=<seed>} to draw the same operations.
 */
public final class CacheHistoryChecker {

    private static final CacheNamespace NS = CacheNamespace.of("checked", Duration.ofMinutes(5));
    private static final Codec<String> UTF8 = Codec.utf8();

    private final long seed;
    private final int writers;
    private final int readers;
    private final int keys;
    private final int maxOperations;
    private final Duration maxTime;

    /**
     * @param writers writer threads
     * @param readers reader threads (spread over the instances)
     * @param keys how many keys they share; few keys make races likely
     * @param maxOperations stop after this many operations in all
     * @param maxTime or after this long, whichever comes first
     */
    public CacheHistoryChecker(int writers, int readers, int keys, int maxOperations, Duration maxTime) {
        this.seed = Long.getLong("portkit.cache.checker.seed", new Random().nextLong());
        this.writers = writers;
        this.readers = readers;
        this.keys = keys;
        this.maxOperations = maxOperations;
        this.maxTime = Objects.requireNonNull(maxTime, "maxTime");
    }

    /** Two writers, four readers, four keys, at most 200,000 operations or 3 s. */
    public static CacheHistoryChecker defaults() {
        return new CacheHistoryChecker(2, 4, 4, 200_000, Duration.ofSeconds(3));
    }

    /**
     * Runs the operations against {@code instances} (one cache, or several sharing a store), then
     * checks the history.
     *
     * @param bound how long after a write through one instance another may still return an older
     *     version (the documented staleness bound); ignored for one instance
     * @return how many operations ran
     * @throws AssertionError naming the seed and the violations
     */
    public int check(List<Cache> instances, Duration bound) {
        Source source = new Source(keys);
        List<Op> history = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger budget = new AtomicInteger(maxOperations);
        long deadline = System.nanoTime() + maxTime.toNanos();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers + readers; t++) {
            boolean writer = t < writers;
            Random random = new Random(seed * 31 + t);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done.add(finished);
            int index = t;
            threads.add(new Thread(
                    () -> {
                        try {
                            List<Op> mine = new ArrayList<>();
                            while (budget.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                                int instance = random.nextInt(instances.size());
                                Cache cache = instances.get(instance);
                                mine.add(
                                        writer
                                                ? write(cache, instance, source, random)
                                                : read(cache, instance, source, random));
                            }
                            history.addAll(mine);
                            finished.complete(null);
                        } catch (Throwable e) {
                            finished.completeExceptionally(e);
                        }
                    },
                    "cache-checker-" + (writer ? "writer-" : "reader-") + index));
        }
        threads.forEach(Thread::start);
        for (CompletableFuture<Void> finished : done) {
            try {
                finished.get(maxTime.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("a checker thread failed (seed " + seed + ")", e);
            }
        }
        List<String> violations = violations(history, instances.size(), bound);
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " stale reads in " + history.size() + " operations (seed "
                    + seed + ", rerun with -Dportkit.cache.checker.seed=" + seed + "); the first:\n"
                    + String.join("\n", violations.subList(0, Math.min(5, violations.size()))));
        }
        return history.size();
    }

    private Op write(Cache cache, int instance, Source source, Random random) {
        int key = random.nextInt(keys);
        int kind = random.nextInt(100);
        source.lock(key);
        try {
            long start = System.nanoTime();
            long version = source.raise(key);
            String what;
            if (kind < 35) {
                what = "put";
                cache.put(NS, key(key), Long.toString(version), UTF8);
            } else if (kind < 70) {
                what = "delete";
                cache.delete(NS, key(key));
            } else if (kind < 85) {
                what = "deleteAll";
                cache.deleteAll(NS, List.of(key(key), key(random.nextInt(keys))));
            } else {
                what = "invalidate";
                cache.invalidate(NS);
            }
            return new Op(what, key, instance, start, System.nanoTime(), version);
        } finally {
            source.unlock(key);
        }
    }

    private Op read(Cache cache, int instance, Source source, Random random) {
        int key = random.nextInt(keys);
        boolean load = random.nextBoolean();
        long slowLoadNanos = random.nextBoolean() ? random.nextInt(2_000_000) : 0;
        long start = System.nanoTime();
        Optional<String> value = load
                ? cache.getOrLoad(NS, key(key), UTF8, () -> {
                            long version = source.version(key);
                            if (slowLoadNanos > 0) {
                                LockSupport.parkNanos(slowLoadNanos); // a slow source, not synchronisation
                            }
                            return Optional.of(Long.toString(version));
                        })
                        .value()
                : cache.get(NS, key(key), UTF8);
        long end = System.nanoTime();
        return new Op(
                load ? "getOrLoad" : "get",
                key,
                instance,
                start,
                end,
                value.map(Long::parseLong).orElse(-1L));
    }

    /** Every read that returned a version older than a write it must see. */
    private static List<String> violations(List<Op> history, int instances, Duration bound) {
        // per key and instance: the writes in the order they returned (a key's writes are serialised)
        Map<Integer, List<List<Op>>> writes = new HashMap<>();
        history.stream()
                .filter(Op::isWrite)
                .sorted(Comparator.comparingLong(Op::end))
                .forEach(write -> writes.computeIfAbsent(write.key, k -> emptyLists(instances))
                        .get(write.instance)
                        .add(write));
        List<String> found = new ArrayList<>();
        for (Op read : history) {
            if (read.isWrite() || read.version < 0 || !writes.containsKey(read.key)) {
                continue;
            }
            for (int instance = 0; instance < instances; instance++) {
                long visibleBefore = read.start - (instance == read.instance ? 0 : bound.toNanos());
                Op latest = lastReturnedBefore(writes.get(read.key).get(instance), visibleBefore);
                if (latest != null && latest.version > read.version) {
                    found.add(String.format(
                            "  %s of key %d on instance %d returned version %d, but %s of version %d on instance %d"
                                    + " had returned %.3f ms before the read started",
                            read.what,
                            read.key,
                            read.instance,
                            read.version,
                            latest.what,
                            latest.version,
                            latest.instance,
                            (read.start - latest.end) / 1e6));
                    break;
                }
            }
        }
        return found;
    }

    /** The last of {@code writes} (sorted by end) that returned before {@code time}, or null. */
    private static Op lastReturnedBefore(List<Op> writes, long time) {
        int low = 0;
        int high = writes.size(); // the first write that returned at or after time
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (writes.get(middle).end < time) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low == 0 ? null : writes.get(low - 1);
    }

    private static List<List<Op>> emptyLists(int count) {
        List<List<Op>> lists = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static String key(int key) {
        return "k" + key;
    }

    /** One operation: what, on which key and instance, when (System.nanoTime) and the version. */
    private record Op(String what, int key, int instance, long start, long end, long version) {

        boolean isWrite() {
            return !what.startsWith("get");
        }
    }

    /** The source of truth: a version per key, and a lock that serialises the writers of a key. */
    private static final class Source {

        private final AtomicLong[] versions;
        private final ReentrantLock[] locks;

        Source(int keys) {
            versions = new AtomicLong[keys];
            locks = new ReentrantLock[keys];
            for (int i = 0; i < keys; i++) {
                versions[i] = new AtomicLong();
                locks[i] = new ReentrantLock();
            }
        }

        long version(int key) {
            return versions[key].get();
        }

        long raise(int key) {
            return versions[key].incrementAndGet();
        }

        void lock(int key) {
            locks[key].lock();
        }

        void unlock(int key) {
            locks[key].unlock();
        }
    }
}
