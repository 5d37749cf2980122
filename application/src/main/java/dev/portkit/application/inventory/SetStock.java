package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.LockTemplate;
import java.util.Objects;

/**
 * Use case: set how many units of a sku are in stock (restocking, or creating the sku). Takes the
 * sku's lock, like a reservation, so the two never interleave.
 */
public final class SetStock {

    /**
     * @param sku the item, created if new
     * @param stock zero or more
     */
    public record Command(Sku sku, int stock) {

        public Command {
            Objects.requireNonNull(sku, "sku");
            if (stock < 0) {
                throw new IllegalArgumentException("stock must not be negative, was " + stock);
            }
        }
    }

    private final InventoryLock lock;
    private final StockStore store;

    public SetStock(LockTemplate locks, StockStore store, InventorySettings settings) {
        this.lock = new InventoryLock(locks, settings);
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets the stock.
     *
     * @throws InventoryBusyException if the sku stayed locked; nothing changed
     * @throws dev.portkit.domain.lock.LockUnavailableException if the lock service is unreachable
     */
    public StockLevel set(Command command) {
        Objects.requireNonNull(command, "command");
        return lock.run(command.sku(), guard -> {
            store.write(command.sku(), command.stock(), guard.fencingToken());
            return new StockLevel(command.sku(), command.stock());
        });
    }
}
