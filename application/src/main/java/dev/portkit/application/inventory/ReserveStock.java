package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.LockTemplate;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Use case: reserve units of a sku, as a ticket checkout does; never more than are in stock, however
 * many instances take reservations at once.
 *
 * <p>Under the sku's lock it reads the stock, checks it and writes it back, presenting the lock's
 * fencing token to the store both times. The lock makes concurrent reservations take turns; the
 * fencing token makes a holder whose lease ran out (a long pause) fail at the store instead of
 * overwriting a newer holder's write.
 */
public final class ReserveStock {

    /**
     * @param sku the item
     * @param quantity one or more units
     */
    public record Command(Sku sku, int quantity) {

        public Command {
            Objects.requireNonNull(sku, "sku");
            if (quantity < 1) {
                throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
            }
        }
    }

    private final InventoryLock lock;
    private final StockStore store;

    public ReserveStock(LockTemplate locks, StockStore store, InventorySettings settings) {
        this.lock = new InventoryLock(locks, settings);
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Reserves the units if they are in stock.
     *
     * @throws InventoryBusyException if the sku stayed locked or the lock was lost; nothing changed
     * @throws dev.portkit.domain.lock.LockUnavailableException if the lock service is unreachable
     */
    public ReservationResult reserve(Command command) {
        Objects.requireNonNull(command, "command");
        Sku sku = command.sku();
        if (store.find(sku).isEmpty()) {
            // Checked before locking: each lock name leaves a lasting fencing counter behind, and
            // guessing skus must not grow the lock service.
            return new ReservationResult.UnknownSku(sku);
        }
        return lock.run(sku, guard -> {
            OptionalInt stock = store.readForUpdate(sku, guard.fencingToken());
            if (stock.isEmpty()) {
                return new ReservationResult.UnknownSku(sku);
            }
            int available = stock.getAsInt();
            if (available < command.quantity()) {
                return new ReservationResult.NotEnoughStock(sku, command.quantity(), available);
            }
            int remaining = available - command.quantity();
            guard.ensureHeld(); // cheap early exit; the fencing check below is what guarantees it
            store.write(sku, remaining, guard.fencingToken());
            return new ReservationResult.Reserved(sku, command.quantity(), remaining);
        });
    }
}
