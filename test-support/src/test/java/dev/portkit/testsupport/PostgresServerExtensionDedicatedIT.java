package dev.portkit.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresServerExtensionDedicatedIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = PostgresServerExtension.dedicated();

    @Test
    void stopRefusesConnectionsAndStartComesBackOnTheSameAddressWithTheData() throws SQLException {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (n int)");
            statement.execute("INSERT INTO kept VALUES (42)");
        }
        int port = postgres.port();

        postgres.stop();
        try {
            assertThrows(SQLException.class, () -> postgres.connect().close());
        } finally {
            postgres.start();
        }

        assertEquals(port, postgres.port());
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT n FROM kept")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
        }
    }
}
