package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresServerExtensionIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    @Test
    void givesARealPostgresqlAndAThrowawayDatabase() throws SQLException {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS greeting (text text)");
            statement.execute("INSERT INTO greeting VALUES ('hello')");
            try (ResultSet rows = statement.executeQuery("SELECT current_database(), version()")) {
                assertTrue(rows.next());
                assertEquals(postgres.database(), rows.getString(1));
                assertTrue(rows.getString(2).startsWith("PostgreSQL"), rows.getString(2));
            }
        }
        assertTrue(postgres.database().startsWith("portkit_test_"));
        assertEquals(
                "postgresql://" + postgres.user() + "@" + postgres.host() + ":" + postgres.port() + "/"
                        + postgres.database(),
                postgres.url());
    }

    @Test
    void newDatabaseIsEmptyAndSeparate() throws SQLException {
        String other = postgres.newDatabase();

        assertNotEquals(postgres.database(), other);
        try (Connection connection = postgres.connect(other);
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            assertTrue(tables.next());
            assertEquals(0, tables.getInt(1));
        }
    }

    @Test
    void aSharedServerCannotBeStopped() {
        assertThrows(IllegalStateException.class, postgres::stop);
    }

    @Nested
    class NestedClasses {

        @Test
        void shareTheDatabase() throws SQLException {
            try (Connection connection = postgres.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT current_database()")) {
                assertTrue(rows.next());
                assertEquals(postgres.database(), rows.getString(1));
            }
        }
    }
}
