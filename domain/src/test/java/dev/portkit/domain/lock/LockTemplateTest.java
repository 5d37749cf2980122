package dev.portkit.domain.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The watchdog's reactions to renewals that fail, which the adapters' contract tests cannot provoke:
 * a scripted {@link LockService} stands in for an unreachable or refusing lock service, and leases run
 * out on a clock the tests move by hand, so no test depends on how fast the machine is.
 */
class LockTemplateTest {

    private static final Duration LEASE = Duration.ofMillis(150);
    private static final Duration PATIENT = Duration.ofSeconds(10);

    private final ScriptedLocks locks = new ScriptedLocks();
    /** The clock leases run out on. */
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aRefusedRenewalMeansTheLeaseIsLost() {
        try (LockTemplate template = new LockTemplate(locks, nanos::get)) {
            boolean told = template.tryWithLock("a", LEASE, Duration.ZERO, guard -> {
                        locks.refuseExtend = true;
                        return LockContract.eventually(() -> !guard.isHeld(), PATIENT);
                    })
                    .orElseThrow();

            assertTrue(told);
        }
    }

    @Test
    void renewalsThatFailUntilTheLeaseRunsOutMeanTheLeaseIsLost() {
        try (LockTemplate template = new LockTemplate(locks, nanos::get)) {
            boolean told = template.tryWithLock("a", LEASE, Duration.ZERO, guard -> {
                        locks.unreachable = true;
                        int before = locks.extendCalls.get();
                        LockContract.eventually(() -> locks.extendCalls.get() > before, PATIENT);
                        assertTrue(guard.isHeld(), "a failed renewal within the lease loses nothing");
                        nanos.addAndGet(LEASE.toNanos()); // the lease runs out without a renewal
                        return LockContract.eventually(() -> !guard.isHeld(), PATIENT);
                    })
                    .orElseThrow();

            assertTrue(told);
            assertTrue(locks.extendCalls.get() > 0);
        }
    }

    @Test
    void aBriefOutageWithinTheLeaseDoesNotLoseIt() {
        Duration lease = LEASE;
        try (LockTemplate template = new LockTemplate(locks, nanos::get)) {
            boolean held = template.tryWithLock("a", lease, Duration.ZERO, guard -> {
                        locks.unreachable = true;
                        int before = locks.extendCalls.get();
                        LockContract.eventually(() -> locks.extendCalls.get() > before, PATIENT);
                        nanos.addAndGet(lease.toNanos() / 2); // half the lease passes without a renewal
                        locks.unreachable = false;
                        int failed = locks.extendCalls.get();
                        LockContract.eventually(() -> locks.extendCalls.get() > failed, PATIENT);
                        return guard.isHeld();
                    })
                    .orElseThrow();

            assertTrue(held);
        }
    }

    @Test
    void theActionsExceptionPropagatesAndTheLockIsReleased() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (LockTemplate template = new LockTemplate(locks, nanos::get)) {
            IllegalStateException thrown = assertThrows(
                    IllegalStateException.class,
                    () -> template.tryWithLock("a", LEASE, Duration.ZERO, guard -> {
                        throw boom;
                    }));

            assertSame(boom, thrown);
            assertEquals(1, locks.releaseCalls.get());
        }
    }

    @Test
    void anUnreachableServiceAtReleaseDoesNotFailACompletedAction() {
        try (LockTemplate template = new LockTemplate(locks, nanos::get)) {
            Optional<String> result = template.tryWithLock("a", LEASE, Duration.ZERO, guard -> {
                locks.unreachable = true;
                return "done";
            });

            assertEquals(Optional.of("done"), result);
            assertEquals(1, locks.releaseCalls.get());
        }
    }

    @Test
    void anUnreachableServiceAtAcquireFailsWithoutRunningTheAction() {
        locks.unreachable = true;
        AtomicInteger runs = new AtomicInteger();
        try (LockTemplate template = new LockTemplate(locks, nanos::get)) {
            assertThrows(
                    LockUnavailableException.class,
                    () -> template.tryWithLock("a", LEASE, Duration.ZERO, guard -> runs.incrementAndGet()));
        }
        assertEquals(0, runs.get());
    }

    @Test
    void aClosedTemplateRefusesWork() {
        LockTemplate template = new LockTemplate(locks, nanos::get);
        template.close();

        assertThrows(IllegalStateException.class, () -> template.tryWithLock("a", LEASE, Duration.ZERO, g -> 1));
        assertEquals(0, locks.acquireCalls.get());
    }

    @Test
    void renewalRunsOnADaemonThread() {
        try (LockTemplate template = new LockTemplate(locks, nanos::get)) {
            boolean daemon = template.tryWithLock("a", LEASE, Duration.ZERO, guard -> {
                        LockContract.eventually(() -> locks.extendThread != null, PATIENT);
                        return locks.extendThread.isDaemon();
                    })
                    .orElseThrow();

            assertTrue(daemon);
            assertFalse(locks.extendThread.getName().isEmpty());
        }
    }

    /** Grants every lock and does what the test says on extend and release. */
    private static final class ScriptedLocks implements LockService {

        volatile boolean unreachable;
        volatile boolean refuseExtend;
        volatile Thread extendThread;
        final AtomicInteger acquireCalls = new AtomicInteger();
        final AtomicInteger extendCalls = new AtomicInteger();
        final AtomicInteger releaseCalls = new AtomicInteger();
        private final AtomicLong tokens = new AtomicLong();

        @Override
        public Optional<LockLease> tryAcquire(String name, Duration leaseTime, Duration maxWait) {
            acquireCalls.incrementAndGet();
            failIfUnreachable();
            return Optional.of(new LockLease(name, "owner", tokens.incrementAndGet()));
        }

        @Override
        public boolean extend(LockLease lease, Duration leaseTime) {
            extendThread = Thread.currentThread();
            extendCalls.incrementAndGet();
            failIfUnreachable();
            return !refuseExtend;
        }

        @Override
        public boolean release(LockLease lease) {
            releaseCalls.incrementAndGet();
            failIfUnreachable();
            return true;
        }

        @Override
        public void advanceFencing(String name, long seen) {
            failIfUnreachable();
            tokens.accumulateAndGet(seen, Math::max);
        }

        private void failIfUnreachable() {
            if (unreachable) {
                throw new LockUnavailableException("lock service unavailable", null);
            }
        }
    }
}
