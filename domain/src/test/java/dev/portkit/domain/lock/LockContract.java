package dev.portkit.domain.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LockService} adapter must have. Extend it once per adapter and supply
 * the service under test; each test uses a lock name of its own.
 *
 * <p>Leases are real time (a few hundred milliseconds) because a remote lock's expiry runs on its
 * server's clock; expiry is awaited by polling with a deadline, never by asserting speed. A lease
 * that must <em>not</em> run out is at least a second and a half, so that a renewal or a call
 * stalled by a loaded machine still lands within it.
 */
public abstract class LockContract {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofMillis(200);
    private static final Duration PATIENT = Duration.ofSeconds(10);

    /** A unique name per test, so tests never see each other's locks. */
    protected final String name = "contract-" + UUID.randomUUID();

    /** The lock service under test. */
    protected abstract LockService locks();

    /**
     * A second handle on the same locks, as another instance of the service would have: for a
     * shared store, another adapter on its own connection; for an in-process adapter, the same one.
     */
    protected abstract LockService otherInstance();

    @Test
    void acquiringGivesALeaseThatKeepsOthersOut() {
        LockLease lease = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();

        assertEquals(name, lease.name());
        assertTrue(lease.fencingToken() > 0);
        assertTrue(locks().tryAcquire(name, LONG, Duration.ZERO).isEmpty());
        assertTrue(otherInstance().tryAcquire(name, LONG, Duration.ZERO).isEmpty());
        assertTrue(locks().release(lease));
    }

    @Test
    void releasingLetsTheNextHolderInAtOnceAndOnlyOnce() {
        LockLease first = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();

        assertTrue(locks().release(first));
        assertFalse(locks().release(first));
        LockLease second = otherInstance().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertTrue(second.fencingToken() > first.fencingToken());
        assertTrue(otherInstance().release(second));
    }

    @Test
    void locksWithDifferentNamesAreIndependent() {
        LockLease one = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        LockLease two = locks().tryAcquire(name + "-other", LONG, Duration.ZERO).orElseThrow();

        assertTrue(locks().release(one));
        assertTrue(locks().release(two));
    }

    @Test
    void mutualExclusionUnderContentionLosesNoUpdates() throws Exception {
        int threads = 8;
        int rounds = 25;
        int[] counter = {0}; // deliberately unsynchronized: only the lock protects it
        Set<Long> tokens = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                LockService service = t % 2 == 0 ? locks() : otherInstance();
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        LockLease lease =
                                service.tryAcquire(name, LONG, PATIENT).orElseThrow();
                        tokens.add(lease.fencingToken());
                        int read = counter[0];
                        Thread.yield();
                        counter[0] = read + 1;
                        assertTrue(service.release(lease));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        // Future.get() orders every task's writes before this read.
        assertEquals(threads * rounds, counter[0]);
        assertEquals(threads * rounds, tokens.size(), "every acquisition gets its own fencing token");
    }

    @Test
    void anExpiredLeaseLetsTheNextHolderIn() {
        LockLease expiring = locks().tryAcquire(name, SHORT, Duration.ZERO).orElseThrow();

        LockLease next = otherInstance().tryAcquire(name, LONG, PATIENT).orElseThrow();

        assertTrue(next.fencingToken() > expiring.fencingToken());
        assertTrue(otherInstance().release(next));
    }

    @Test
    void fencingTokensStrictlyIncreaseAcrossHoldersAndInstances() {
        long previous = 0;
        for (int i = 0; i < 6; i++) {
            LockService service = i % 2 == 0 ? locks() : otherInstance();
            LockLease lease = service.tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
            assertTrue(lease.fencingToken() > previous, "token " + lease.fencingToken() + " after " + previous);
            previous = lease.fencingToken();
            assertTrue(service.release(lease));
        }
        // ... and across an expiry, when nobody released.
        locks().tryAcquire(name, SHORT, Duration.ZERO).orElseThrow();
        LockLease afterExpiry = otherInstance().tryAcquire(name, LONG, PATIENT).orElseThrow();
        assertTrue(afterExpiry.fencingToken() > previous + 1);
        assertTrue(otherInstance().release(afterExpiry));
    }

    @Test
    void aStaleOwnerCanNeitherReleaseNorExtend() {
        LockLease stale = locks().tryAcquire(name, SHORT, Duration.ZERO).orElseThrow();
        LockLease current = otherInstance().tryAcquire(name, LONG, PATIENT).orElseThrow();

        assertFalse(locks().release(stale));
        assertFalse(locks().extend(stale, LONG));
        LockLease forged = new LockLease(name, "not-the-owner", current.fencingToken());
        assertFalse(locks().release(forged));
        assertFalse(locks().extend(forged, LONG));

        assertTrue(locks().tryAcquire(name, LONG, Duration.ZERO).isEmpty(), "the current holder keeps the lock");
        assertTrue(otherInstance().release(current));
    }

    @Test
    void aBoundedWaitGivesUpOnTime() {
        LockLease held = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        Duration maxWait = Duration.ofMillis(300);

        long started = System.nanoTime();
        Optional<LockLease> waited = otherInstance().tryAcquire(name, LONG, maxWait);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(waited.isEmpty());
        assertTrue(elapsed.compareTo(maxWait) >= 0, "waited only " + elapsed);
        assertTrue(elapsed.compareTo(LONG) < 0, "gave up on its own bound, not on the lease");
        assertTrue(locks().release(held));
    }

    @Test
    void aWaiterGetsTheLockWhenItIsReleased() throws Exception {
        LockLease held = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<LockLease>> waiting =
                    waiter.submit(() -> otherInstance().tryAcquire(name, LONG, PATIENT));
            sleep(Duration.ofMillis(100));
            assertTrue(locks().release(held));

            LockLease next =
                    waiting.get(PATIENT.toSeconds() + 5, TimeUnit.SECONDS).orElseThrow();
            assertTrue(next.fencingToken() > held.fencingToken());
            assertTrue(otherInstance().release(next));
        } finally {
            waiter.shutdownNow();
        }
    }

    @Test
    void extendingKeepsTheLockPastItsFirstLease() {
        Duration first = Duration.ofMillis(1_500);
        LockLease lease = locks().tryAcquire(name, first, Duration.ZERO).orElseThrow();

        assertTrue(locks().extend(lease, LONG));
        sleep(first.plusMillis(500));

        assertTrue(otherInstance().tryAcquire(name, LONG, Duration.ZERO).isEmpty());
        assertTrue(locks().release(lease));
        assertFalse(locks().extend(lease, LONG), "a released lease cannot be extended");
    }

    @Test
    void theWatchdogKeepsALongActionsLeaseAlive() {
        // renewed every 500 ms: a renewal may run a second late before the lease runs out
        Duration lease = Duration.ofMillis(1_500);
        try (LockTemplate template = new LockTemplate(locks())) {
            List<Boolean> othersKeptOut = new ArrayList<>();

            long token = template.tryWithLock(name, lease, Duration.ZERO, guard -> {
                        // longer than the lease: only renewals keep the lock
                        long end = System.nanoTime()
                                + lease.plus(lease.dividedBy(2)).toNanos();
                        while (System.nanoTime() < end) {
                            sleep(Duration.ofMillis(100));
                            assertTrue(guard.isHeld());
                            othersKeptOut.add(otherInstance()
                                    .tryAcquire(name, LONG, Duration.ZERO)
                                    .isEmpty());
                        }
                        return guard.fencingToken();
                    })
                    .orElseThrow();

            assertFalse(othersKeptOut.contains(false), "another holder got in while the action ran");
            LockLease after =
                    otherInstance().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
            assertTrue(after.fencingToken() > token, "released when the action ended");
            assertTrue(otherInstance().release(after));
        }
    }

    @Test
    void theWatchdogTellsTheActionWhenItsLeaseIsLost() {
        try (LockTemplate template = new LockTemplate(locks())) {
            boolean toldLost = template.tryWithLock(name, Duration.ofMillis(300), Duration.ZERO, guard -> {
                        // Simulate losing the lock (an operator, or a failover that lost the key).
                        assertTrue(locks().release(guard.lease()));
                        LockLease thief = otherInstance()
                                .tryAcquire(name, LONG, Duration.ZERO)
                                .orElseThrow();
                        boolean told = eventually(() -> !guard.isHeld(), PATIENT);
                        assertThrows(LeaseLostException.class, guard::ensureHeld);
                        assertTrue(otherInstance().release(thief));
                        return told;
                    })
                    .orElseThrow();

            assertTrue(toldLost);
        }
    }

    @Test
    void theTemplateSkipsTheActionWhenTheLockStaysTaken() {
        LockLease held = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        try (LockTemplate template = new LockTemplate(otherInstance())) {
            Optional<String> result = template.tryWithLock(name, LONG, Duration.ofMillis(50), guard -> "ran");

            assertTrue(result.isEmpty());
        }
        assertTrue(locks().release(held), "the holder was left alone");
    }

    @Test
    void advancingTheFencingCounterMakesEveryLaterTokenHigher() {
        LockLease first = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertTrue(locks().release(first));
        long seen = first.fencingToken() + 1_000;

        locks().advanceFencing(name, seen);

        LockLease next = otherInstance().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertTrue(next.fencingToken() > seen, "token " + next.fencingToken() + " after " + seen + " was seen");
        assertTrue(otherInstance().release(next));
        LockLease again = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertTrue(again.fencingToken() > next.fencingToken());
        assertTrue(locks().release(again));
    }

    @Test
    void advancingNeverLowersTheCounter() {
        locks().advanceFencing(name, 5_000);
        LockLease high = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertTrue(locks().release(high));

        locks().advanceFencing(name, 10);
        otherInstance().advanceFencing(name, 0);

        LockLease next = otherInstance().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertTrue(next.fencingToken() > high.fencingToken(), next.fencingToken() + " after " + high.fencingToken());
        assertTrue(otherInstance().release(next));
    }

    @Test
    void advancingLeavesTheCurrentHolderAlone() {
        LockLease held = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();

        otherInstance().advanceFencing(name, held.fencingToken() + 100);

        assertTrue(otherInstance().tryAcquire(name, LONG, Duration.ZERO).isEmpty(), "still held");
        assertTrue(locks().extend(held, LONG));
        assertTrue(locks().release(held));
        LockLease next = otherInstance().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertTrue(next.fencingToken() > held.fencingToken() + 100);
        assertTrue(otherInstance().release(next));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> locks().tryAcquire(" ", LONG, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> locks().tryAcquire(name, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> locks().tryAcquire(name, LONG, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> locks().tryAcquire(null, LONG, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> locks().release(null));
        assertThrows(NullPointerException.class, () -> locks().advanceFencing(null, 1));
        assertThrows(IllegalArgumentException.class, () -> locks().advanceFencing(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> locks().advanceFencing(name, -1));
        LockLease lease = locks().tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> locks().extend(lease, Duration.ZERO));
        assertTrue(locks().release(lease));
    }

    /** Polls until the condition holds or the deadline passes; returns whether it held. */
    protected static boolean eventually(BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            sleep(Duration.ofMillis(10));
        }
        return true;
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
