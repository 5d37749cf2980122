package dev.portkit.application.inventory;

import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.inventory.StockStore;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Use case: how many units of a sku are in stock. Takes no lock: a read can be a moment old. */
public final class GetStock {

    private final StockStore store;

    public GetStock(StockStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The stock of {@code sku}, or empty if it was never set. */
    public Optional<StockLevel> get(Sku sku) {
        Objects.requireNonNull(sku, "sku");
        OptionalInt stock = store.find(sku);
        return stock.isPresent() ? Optional.of(new StockLevel(sku, stock.getAsInt())) : Optional.empty();
    }
}
