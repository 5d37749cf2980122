package dev.portkit.domain.lock;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs an action under a {@link LockService} lock and keeps the lease alive while it runs (a
 * watchdog), whatever the adapter.
 *
 * <p>Once acquired, the lease is extended back to its full length every third of its length, so a
 * long action keeps the lock while a crashed process loses it within one lease. The action gets a
 * {@link LockGuard}: the fencing token to present to the resource, and {@link LockGuard#isHeld()},
 * which turns {@code false} for good when a renewal is refused (the lock is someone else's) or when
 * renewals kept failing until the lease ran out on this process's clock. The action is never
 * interrupted; long actions check the guard between steps. When the action ends, normally or not,
 * renewal stops and the lease is released.
 *
 * <p>Renewals run on one daemon thread ({@code portkit-lock-watchdog}) owned by this template;
 * {@link #close()} stops it. One template per service is enough. Thread-safe.
 */
public final class LockTemplate implements AutoCloseable {

    private final LockService locks;
    private final LongSupplier nanoTime;
    private final ScheduledThreadPoolExecutor watchdog;

    public LockTemplate(LockService locks) {
        this(locks, System::nanoTime);
    }

    /**
     * @param nanoTime the clock a lease runs out on in this process ({@link System#nanoTime()}); tests
     *     give one they move by hand
     */
    LockTemplate(LockService locks, LongSupplier nanoTime) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "portkit-lock-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        // Renewals of finished actions are dropped at once instead of waiting for their next run.
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Acquires the lock (waiting up to {@code maxWait}), runs {@code action} while renewing the
     * lease, then releases it.
     *
     * @param action runs on the calling thread; must return a non-null result; its exceptions
     *     propagate after the lock is released
     * @return the action's result, or empty when the lock was not acquired within {@code maxWait}
     *     (the action did not run)
     * @throws LockUnavailableException when the lock service cannot be reached to acquire the lock
     * @throws IllegalStateException after {@link #close()}
     */
    public <T> Optional<T> tryWithLock(
            String name, Duration leaseTime, Duration maxWait, Function<? super LockGuard, ? extends T> action) {
        Objects.requireNonNull(action, "action");
        if (watchdog.isShutdown()) {
            throw new IllegalStateException("LockTemplate is closed");
        }
        Optional<LockLease> acquired = locks.tryAcquire(name, leaseTime, maxWait);
        if (acquired.isEmpty()) {
            return Optional.empty();
        }
        Watched guard = new Watched(acquired.get(), leaseTime);
        Throwable failure = null;
        try {
            guard.startRenewing();
            return Optional.of(Objects.requireNonNull(action.apply(guard), "action returned null"));
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            guard.stopRenewing();
            releaseQuietly(guard.lease(), failure);
        }
    }

    /**
     * Tells the lock service that the protected resource has seen {@code seen} for this lock name (see
     * {@link LockService#advanceFencing}): for an action that failed with {@link
     * StaleFencingTokenException} and wants to try once more with a new, higher token.
     *
     * @throws LockUnavailableException when the lock service cannot be reached
     */
    public void advanceFencing(String name, long seen) {
        locks.advanceFencing(name, seen);
    }

    /** Stops the watchdog; leases of actions still running are no longer renewed. */
    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /**
     * Releases at the end of an action. An unreachable lock service is not the action's failure: its
     * work is done and the lease ends by itself, so that error is dropped (or attached to the
     * action's own exception).
     */
    private void releaseQuietly(LockLease lease, Throwable failure) {
        try {
            locks.release(lease);
        } catch (LockUnavailableException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** The guard of one running action, and its renewal task. */
    private final class Watched implements LockGuard, Runnable {

        private final LockLease lease;
        private final Duration leaseTime;
        private final long leaseNanos;
        private volatile long validUntilNanos;
        private volatile boolean lost;
        private volatile ScheduledFuture<?> renewal;

        Watched(LockLease lease, Duration leaseTime) {
            this.lease = lease;
            this.leaseTime = leaseTime;
            this.leaseNanos = leaseTime.toNanos();
            this.validUntilNanos = nanoTime.getAsLong() + leaseNanos;
        }

        void startRenewing() {
            long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), leaseNanos / 3);
            renewal = watchdog.scheduleWithFixedDelay(this, period, period, TimeUnit.NANOSECONDS);
        }

        void stopRenewing() {
            ScheduledFuture<?> task = renewal;
            if (task != null) {
                task.cancel(false);
            }
        }

        /** One renewal; never throws, which would silently end the schedule. */
        @Override
        public void run() {
            if (lost) {
                return;
            }
            // Timed from before the request: the lease ends no later than sentAt + leaseTime.
            long sentAt = nanoTime.getAsLong();
            try {
                if (locks.extend(lease, leaseTime)) {
                    validUntilNanos = sentAt + leaseNanos;
                } else {
                    markLost();
                }
            } catch (RuntimeException e) {
                // Unreachable: the lease may still be ours, so retry next time while it lasts.
                if (nanoTime.getAsLong() - validUntilNanos >= 0) {
                    markLost();
                }
            }
        }

        private void markLost() {
            lost = true;
            stopRenewing();
        }

        @Override
        public LockLease lease() {
            return lease;
        }

        @Override
        public boolean isHeld() {
            return !lost && nanoTime.getAsLong() - validUntilNanos < 0;
        }
    }
}
