package dev.portkit.adapters.inmemory.inventory;

import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.StaleFencingTokenException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link StockStore} in a map, standing in for a shared database table: one row per sku holding the
 * stock and the highest fencing token accepted. Each read-for-update and write checks and records
 * the token in one atomic step per sku ({@link ConcurrentHashMap#compute}), as a database would in
 * one conditional statement. Unbounded: one entry per sku ever written or read for update.
 */
public final class InMemoryStockStore implements StockStore {

    private final ConcurrentHashMap<Sku, Row> rows = new ConcurrentHashMap<>();

    @Override
    public OptionalInt find(Sku sku) {
        Row row = rows.get(Objects.requireNonNull(sku, "sku"));
        return row == null ? OptionalInt.empty() : row.stock();
    }

    @Override
    public OptionalInt readForUpdate(Sku sku, long fencingToken) {
        Objects.requireNonNull(sku, "sku");
        return rows.compute(sku, (key, row) -> fenced(key, row, fencingToken)).stock();
    }

    @Override
    public void write(Sku sku, int stock, long fencingToken) {
        Objects.requireNonNull(sku, "sku");
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative, was " + stock);
        }
        rows.compute(
                sku,
                (key, row) -> new Row(
                        OptionalInt.of(stock), fenced(key, row, fencingToken).highestToken()));
    }

    /** The row with {@code token} recorded, or a {@link StaleFencingTokenException} if it is older. */
    private static Row fenced(Sku sku, Row row, long token) {
        if (row == null) {
            return new Row(OptionalInt.empty(), token);
        }
        if (token < row.highestToken()) {
            throw new StaleFencingTokenException(sku.value(), token, row.highestToken());
        }
        return new Row(row.stock(), token);
    }

    private record Row(OptionalInt stock, long highestToken) {}
}
