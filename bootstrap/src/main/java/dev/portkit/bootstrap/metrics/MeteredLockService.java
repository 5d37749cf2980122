package dev.portkit.bootstrap.metrics;

import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.lock.LockUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Times {@link #tryAcquire} as {@code portkit_lock_acquire_seconds{adapter,outcome}}, where outcome
 * is {@code acquired}, {@code timeout} (not acquired within the wait) or {@code unavailable} (the
 * lock store failed): the count per outcome gives acquisitions and failures, the sum the wait time.
 * Lock names are not tags, so they cannot grow the number of series.
 */
public final class MeteredLockService implements LockService {

    private final LockService delegate;
    private final Timer acquired;
    private final Timer timeout;
    private final Timer unavailable;

    /** @param adapter the lock adapter in use, as the {@code adapter} tag (e.g. {@code redis}) */
    public MeteredLockService(LockService delegate, MeterRegistry registry, String adapter) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(adapter, "adapter");
        this.acquired = timer(registry, adapter, "acquired");
        this.timeout = timer(registry, adapter, "timeout");
        this.unavailable = timer(registry, adapter, "unavailable");
    }

    private static Timer timer(MeterRegistry registry, String adapter, String outcome) {
        return Timer.builder("portkit.lock.acquire")
                .description("Lock acquisition attempts and the time spent waiting")
                .tag("adapter", adapter)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public Optional<LockLease> tryAcquire(String name, Duration leaseTime, Duration maxWait) {
        long start = System.nanoTime();
        try {
            Optional<LockLease> lease = delegate.tryAcquire(name, leaseTime, maxWait);
            (lease.isPresent() ? acquired : timeout).record(Duration.ofNanos(System.nanoTime() - start));
            return lease;
        } catch (LockUnavailableException e) {
            unavailable.record(Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    @Override
    public boolean extend(LockLease lease, Duration leaseTime) {
        return delegate.extend(lease, leaseTime);
    }

    @Override
    public boolean release(LockLease lease) {
        return delegate.release(lease);
    }

    @Override
    public void advanceFencing(String name, long seen) {
        delegate.advanceFencing(name, seen);
    }
}
