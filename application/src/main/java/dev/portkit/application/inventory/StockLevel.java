package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;
import java.util.Objects;

/**
 * How many units of a sku are in stock.
 *
 * @param sku the item
 * @param stock zero or more
 */
public record StockLevel(Sku sku, int stock) {

    public StockLevel {
        Objects.requireNonNull(sku, "sku");
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative, was " + stock);
        }
    }
}
