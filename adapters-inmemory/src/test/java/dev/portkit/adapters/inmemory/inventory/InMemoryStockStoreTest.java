package dev.portkit.adapters.inmemory.inventory;

import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.inventory.StockStoreContract;

class InMemoryStockStoreTest extends StockStoreContract {

    private final InMemoryStockStore store = new InMemoryStockStore();

    @Override
    protected StockStore store() {
        return store;
    }
}
