package dev.portkit.adapters.inmemory.lock;

import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockService;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link LockService} within one process: the same leases, owners and fencing tokens as the Redis
 * adapter, but visible only to this JVM. Use it for a single instance and for tests; with several
 * instances it locks nothing between them.
 *
 * <p>Each name has a slot guarded by its own monitor: acquirers wait on it and are woken by a
 * release, or when the holder's lease runs out ({@link System#nanoTime()}). Slots, like the Redis
 * fencing counters, are kept for the life of the process so that tokens never go back within it; a
 * restart starts every counter at zero again, which {@link #advanceFencing} repairs when the resource
 * outlived the process (a database). Never throws {@link
 * dev.portkit.domain.lock.LockUnavailableException}.
 */
public final class InMemoryLockService implements LockService {

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    @Override
    public Optional<LockLease> tryAcquire(String name, Duration leaseTime, Duration maxWait) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("lock name must not be blank");
        }
        long leaseNanos = leaseNanos(leaseTime);
        if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        return slots.computeIfAbsent(name, n -> new Slot()).acquire(name, leaseNanos, maxWait.toNanos());
    }

    @Override
    public boolean extend(LockLease lease, Duration leaseTime) {
        Objects.requireNonNull(lease, "lease");
        long leaseNanos = leaseNanos(leaseTime);
        Slot slot = slots.get(lease.name());
        return slot != null && slot.extend(lease.owner(), leaseNanos);
    }

    @Override
    public boolean release(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        Slot slot = slots.get(lease.name());
        return slot != null && slot.release(lease.owner());
    }

    @Override
    public void advanceFencing(String name, long seen) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("lock name must not be blank");
        }
        if (seen < 0) {
            throw new IllegalArgumentException("seen must not be negative, was " + seen);
        }
        slots.computeIfAbsent(name, n -> new Slot()).advance(seen);
    }

    private static long leaseNanos(Duration leaseTime) {
        if (Objects.requireNonNull(leaseTime, "leaseTime").toMillis() < 1) {
            throw new IllegalArgumentException("leaseTime must be at least 1 ms, was " + leaseTime);
        }
        return leaseTime.toNanos();
    }

    /** One lock name: its holder, if any, and its fencing counter. */
    private static final class Slot {

        private long lastToken;
        private String owner;
        private long expiresAt;

        synchronized Optional<LockLease> acquire(String name, long leaseNanos, long waitNanos) {
            long now = System.nanoTime();
            long deadline = now + waitNanos;
            while (isHeld(now)) {
                long left = deadline - now;
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, expiresAt - now));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
                now = System.nanoTime();
            }
            owner = UUID.randomUUID().toString();
            expiresAt = now + leaseNanos;
            return Optional.of(new LockLease(name, owner, ++lastToken));
        }

        synchronized boolean extend(String candidate, long leaseNanos) {
            long now = System.nanoTime();
            if (!isHeldBy(candidate, now)) {
                return false;
            }
            expiresAt = now + leaseNanos;
            return true;
        }

        synchronized boolean release(String candidate) {
            if (!isHeldBy(candidate, System.nanoTime())) {
                return false;
            }
            owner = null;
            notifyAll();
            return true;
        }

        synchronized void advance(long seen) {
            lastToken = Math.max(lastToken, seen);
        }

        private boolean isHeld(long now) {
            return owner != null && now - expiresAt < 0;
        }

        private boolean isHeldBy(String candidate, long now) {
            return isHeld(now) && owner.equals(candidate);
        }
    }
}
