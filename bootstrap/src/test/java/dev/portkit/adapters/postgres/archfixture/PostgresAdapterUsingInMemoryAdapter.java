package dev.portkit.adapters.postgres.archfixture;

import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;

/** Violates the rules on purpose: the PostgreSQL adapters must not use another adapter module. */
public final class PostgresAdapterUsingInMemoryAdapter {

    private final InMemoryStockStore store = new InMemoryStockStore();

    @Override
    public String toString() {
        return store.toString();
    }
}
