package dev.portkit.domain.lock;

/**
 * Thrown by {@link LockGuard#ensureHeld()} when the lease may have run out: its renewal failed or
 * was refused, so another holder may have the lock. The action should stop without writing.
 */
public final class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(LockLease lease) {
        super("lease on lock " + lease.name() + " (fencing token " + lease.fencingToken() + ") is no longer held");
    }
}
