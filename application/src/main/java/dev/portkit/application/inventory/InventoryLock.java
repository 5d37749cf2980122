package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.lock.LeaseLostException;
import dev.portkit.domain.lock.LockGuard;
import dev.portkit.domain.lock.LockTemplate;
import dev.portkit.domain.lock.StaleFencingTokenException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs a read-modify-write of one sku's stock under that sku's lock.
 *
 * <p>When the store rejects the lock's fencing token as stale, the action is run once more: first the lock is
 * told the highest token the store has seen ({@link LockTemplate#advanceFencing}), then acquired again. That
 * repairs a counter that restarted low (Redis lost its data, or the in-memory lock restarted with its process
 * while the stock is in a database) at the cost of one retry. A holder that was genuinely stale (its lease
 * ran out during a pause) waits for the lock like anyone else and reads again, so it never writes from its
 * stale read. The actions are safe to retry: a rejected read or write changes nothing.
 */
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
     *     (also after the one retry with a higher token)
     * @throws dev.portkit.domain.lock.LockUnavailableException if the lock service is unreachable
     */
    <T> T run(Sku sku, Function<LockGuard, T> action) {
        String name = "inventory:" + sku.value();
        try {
            return attempt(sku, name, action);
        } catch (StaleFencingTokenException stale) {
            locks.advanceFencing(name, stale.highestSeen());
        } catch (LeaseLostException e) {
            throw lockLost(sku, e);
        }
        try {
            return attempt(sku, name, action);
        } catch (StaleFencingTokenException | LeaseLostException e) {
            throw lockLost(sku, e);
        }
    }

    private <T> T attempt(Sku sku, String name, Function<LockGuard, T> action) {
        return locks.tryWithLock(name, settings.lockLease(), settings.lockWait(), action)
                .orElseThrow(() -> new InventoryBusyException(
                        sku, "its lock stayed taken for " + settings.lockWait().toMillis() + " ms", null));
    }

    private static InventoryBusyException lockLost(Sku sku, RuntimeException cause) {
        return new InventoryBusyException(sku, "the lock was lost before the write", cause);
    }
}
