package dev.portkit.adapters.redis;

import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of the service as far as Redis goes (its connections, circuit, cache with an in-memory
 * fallback, lock), under a steady load of cached reads and lock acquisitions from a few threads, while a test
 * kills or hangs Redis nodes. Counts what callers saw: reads answered, reads that failed or returned a wrong
 * value (there must be none), locks granted, locks refused as unavailable (failing closed), anything else.
 * Readers pause {@link #PACE} between reads, and the lock taker after a refusal: steady traffic of a few
 * thousand calls a second, not spinning threads that would take the CI machine's two cores from the Redis
 * nodes failing over (unpaced, near-cache hits and refusals ran at millions a second).
 */
final class ServiceUnderLoad implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceUnderLoad.class);
    private static final CacheNamespace ITEMS = CacheNamespace.of("content-item-event", Duration.ofMinutes(5));
    private static final Codec<String> UTF8 = Codec.utf8();
    private static final int KEYS = 200;
    private static final long PACE = Duration.ofMillis(1).toNanos();

    final RedisConnector connector;
    final RedisCircuit circuit;
    final RedisCache cache;
    final RedisLockService locks;

    final AtomicLong reads = new AtomicLong();
    final AtomicLong locksGranted = new AtomicLong();
    final AtomicLong locksUnavailable = new AtomicLong();
    final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    ServiceUnderLoad(RedisExtension redis, RedisExtension.Topology topology) {
        this.connector = redis.newConnector(redis.settings(topology).withCommandTimeout(Duration.ofMillis(500)));
        this.circuit = redis.closeAfterTest(
                new RedisCircuit(new RedisBreakerSettings(50, 5, Duration.ofMillis(500)), () -> connector.ping()));
        this.cache = new RedisCache(
                connector,
                circuit,
                new MapCache(),
                RedisCacheSettings.withPrefix(redis.keyPrefix())
                        .withNear(new NearCacheSettings(true, Duration.ofSeconds(2), 1_000, List.of("content-"))));
        this.locks = new RedisLockService(connector, circuit, redis.keyPrefix());
    }

    /** Starts the load: three readers over keys in every slot, one thread taking locks. */
    ServiceUnderLoad start() {
        for (int r = 0; r < 3; r++) {
            int reader = r;
            threads.add(thread("reader-" + r, () -> {
                long i = reader;
                while (running.get()) {
                    String key = "item-" + (i++ % KEYS);
                    try {
                        Optional<String> value = cache.getOrLoad(ITEMS, key, UTF8, () -> Optional.of("value of " + key))
                                .value();
                        if (!value.equals(Optional.of("value of " + key))) {
                            failures.add(new AssertionError("read " + value + " for " + key));
                        }
                        reads.incrementAndGet();
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                    LockSupport.parkNanos(PACE);
                }
            }));
        }
        threads.add(thread("locker", () -> {
            long i = 0;
            while (running.get()) {
                String name = "inventory:SKU-" + (i++ % 50);
                try {
                    Optional<LockLease> lease = locks.tryAcquire(name, Duration.ofSeconds(2), Duration.ZERO);
                    if (lease.isPresent()) {
                        locksGranted.incrementAndGet();
                        locks.release(lease.get());
                    }
                } catch (LockUnavailableException e) {
                    locksUnavailable.incrementAndGet(); // fails closed: fine
                    LockSupport.parkNanos(PACE);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }
        }));
        threads.forEach(Thread::start);
        return this;
    }

    /** Waits until {@code more} reads have been answered, or fails after {@code timeout}. */
    void awaitReads(long more, Duration timeout) {
        long target = reads.get() + more;
        Eventually.await(() -> reads.get() >= target, timeout, more + " more reads");
    }

    /**
     * Polls {@code probe} every 20 ms until it succeeds, and returns how long after {@code sinceNanos} that was;
     * fails after {@code timeout}.
     */
    static Duration timeUntil(Runnable probe, long sinceNanos, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                probe.run();
                Duration took = Duration.ofNanos(System.nanoTime() - sinceNanos);
                log.info("{}: {} ms", what, took.toMillis());
                return took;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            Eventually.sleep(Duration.ofMillis(20));
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "; last error: " + last);
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, "load-" + name);
        thread.setDaemon(true);
        return thread;
    }
}
