package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.lock.LeaseLostException;
import dev.portkit.domain.lock.LockGuard;
import dev.portkit.domain.lock.LockTemplate;
import dev.portkit.domain.lock.StaleFencingTokenException;
import java.util.Objects;
import java.util.function.Function;

/** Runs a read-modify-write of one sku's stock under that sku's lock. */
final class InventoryLock {

    private final LockTemplate locks;
    private final InventorySettings settings;

    InventoryLock(LockTemplate locks, InventorySettings settings) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Runs {@code action} holding the sku's lock; the action passes the guard's fencing token to
     * every store call.
     *
     * @throws InventoryBusyException if the lock stayed taken, or the lease was lost before a write
     * @throws dev.portkit.domain.lock.LockUnavailableException if the lock service is unreachable
     */
    <T> T run(Sku sku, Function<LockGuard, T> action) {
        try {
            return locks.tryWithLock("inventory:" + sku.value(), settings.lockLease(), settings.lockWait(), action)
                    .orElseThrow(() -> new InventoryBusyException(
                            sku,
                            "its lock stayed taken for " + settings.lockWait().toMillis() + " ms",
                            null));
        } catch (StaleFencingTokenException | LeaseLostException e) {
            throw new InventoryBusyException(sku, "the lock was lost before the write", e);
        }
    }
}
