package dev.portkit.adapters.postgres.inventory;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.StaleFencingTokenException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@link StockStore} on PostgreSQL: one row per sku in {@code stock} with its stock and the highest fencing
 * token accepted, shared by every instance on the database and kept across restarts.
 *
 * <p>The fencing check is part of the one statement that reads or writes: an {@code INSERT ... ON CONFLICT DO
 * UPDATE ... WHERE stock.fencing_token <= EXCLUDED.fencing_token}, which PostgreSQL runs with the row locked,
 * so no other statement can act between the check and the change. Only when that statement changes nothing
 * is the row read again, for the highest token to report in {@link StaleFencingTokenException}.
 *
 * <p>A database that cannot be reached throws {@link dev.portkit.domain.source.SourceOfTruthUnavailableException}.
 */
public final class PostgresStockStore implements StockStore {

    private final PostgresDatabase database;

    public PostgresStockStore(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public OptionalInt find(Sku sku) {
        Objects.requireNonNull(sku, "sku");
        return database.call("stock.find", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT stock FROM stock WHERE sku = ?")) {
                statement.setString(1, sku.value());
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? stock(row) : OptionalInt.empty();
                }
            }
        });
    }

    @Override
    public OptionalInt readForUpdate(Sku sku, long fencingToken) {
        Objects.requireNonNull(sku, "sku");
        return database.call("stock.read_for_update", connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("INSERT INTO stock (sku, stock, fencing_token) VALUES (?, NULL, ?)"
                            + " ON CONFLICT (sku) DO UPDATE SET fencing_token = EXCLUDED.fencing_token"
                            + " WHERE stock.fencing_token <= EXCLUDED.fencing_token RETURNING stock")) {
                statement.setString(1, sku.value());
                statement.setLong(2, fencingToken);
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        return stock(row);
                    }
                }
            }
            throw stale(connection, sku, fencingToken);
        });
    }

    @Override
    public void write(Sku sku, int stock, long fencingToken) {
        Objects.requireNonNull(sku, "sku");
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative, was " + stock);
        }
        database.call("stock.write", connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("INSERT INTO stock (sku, stock, fencing_token) VALUES (?, ?, ?)"
                            + " ON CONFLICT (sku) DO UPDATE SET stock = EXCLUDED.stock,"
                            + " fencing_token = EXCLUDED.fencing_token"
                            + " WHERE stock.fencing_token <= EXCLUDED.fencing_token")) {
                statement.setString(1, sku.value());
                statement.setInt(2, stock);
                statement.setLong(3, fencingToken);
                if (statement.executeUpdate() == 1) {
                    return null;
                }
            }
            throw stale(connection, sku, fencingToken);
        });
    }

    /** The rejection of {@code token}, with the highest token the row holds now (at least the one that won). */
    private static StaleFencingTokenException stale(Connection connection, Sku sku, long token) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT fencing_token FROM stock WHERE sku = ?")) {
            statement.setString(1, sku.value());
            try (ResultSet row = statement.executeQuery()) {
                return new StaleFencingTokenException(sku.value(), token, row.next() ? row.getLong(1) : token);
            }
        }
    }

    private static OptionalInt stock(ResultSet row) throws SQLException {
        int stock = row.getInt(1);
        return row.wasNull() ? OptionalInt.empty() : OptionalInt.of(stock);
    }
}
