package dev.portkit.adapters.postgres;

import dev.portkit.testsupport.PostgresServerExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Connects the adapters to the harness's PostgreSQL, and empties tables between tests of one class. */
public final class TestDatabases {

    private TestDatabases() {}

    /** Settings for the extension's throwaway database. */
    public static PostgresSettings settings(PostgresServerExtension postgres) {
        return PostgresSettings.of(
                postgres.host(), postgres.port(), postgres.database(), postgres.user(), postgres.password());
    }

    /** A database on the extension's throwaway database, migrated; close it after the class. */
    public static PostgresDatabase open(PostgresServerExtension postgres) {
        return PostgresDatabase.open(settings(postgres));
    }

    /** Empties the tables, in the class's own throwaway database only. */
    public static void truncate(PostgresServerExtension postgres, String... tables) {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE " + String.join(", ", tables));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty " + String.join(", ", tables), e);
        }
    }
}
