package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;

/** What became of a reservation. */
public sealed interface ReservationResult {

    /** The units are reserved: taken out of stock. */
    record Reserved(Sku sku, int quantity, int remaining) implements ReservationResult {}

    /** Fewer units are in stock than requested; nothing was reserved. */
    record NotEnoughStock(Sku sku, int requested, int available) implements ReservationResult {}

    /** The sku's stock was never set. */
    record UnknownSku(Sku sku) implements ReservationResult {}
}
