package dev.portkit.domain.lock;

/**
 * What an action run by {@link LockTemplate} sees of its lock: the fencing token to present to the
 * protected resource, and whether the lease is still held as far as this process can tell.
 *
 * <p>{@link #isHeld()} turns {@code false} for good once a renewal is refused (another holder has
 * the lock) or the lease ran out on this process's clock while renewals failed. It is an early
 * warning, not a guarantee: between the check and the next write the process can pause. The
 * fencing check at the resource is the guarantee. Thread-safe.
 */
public interface LockGuard {

    /** The lease this action holds. */
    LockLease lease();

    /** The lease's fencing token: present it to every read-for-update and write of the resource. */
    default long fencingToken() {
        return lease().fencingToken();
    }

    /** Whether the lease is still held, as far as this process knows. */
    boolean isHeld();

    /**
     * Throws if the lease is no longer held; call it between steps of a long action.
     *
     * @throws LeaseLostException when {@link #isHeld()} is {@code false}
     */
    default void ensureHeld() {
        if (!isHeld()) {
            throw new LeaseLostException(lease());
        }
    }
}
