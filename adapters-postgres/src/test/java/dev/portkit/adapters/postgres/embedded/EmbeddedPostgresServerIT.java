package dev.portkit.adapters.postgres.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded server as the service runs it: durable, private, one process per directory, restartable. */
class EmbeddedPostgresServerIT {

    private Path dataDir;

    @BeforeEach
    void createDirectory() throws IOException {
        dataDir = Files.createTempDirectory("portkit-embedded-").resolve("data");
    }

    @AfterEach
    void deleteDirectory() throws IOException {
        try (Stream<Path> paths = Files.walk(dataDir.getParent())) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void itIsDurableListensOnLoopbackOnlyAndNeedsThePassword() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir)) {
            PostgresSettings settings = server.settings();

            try (Connection connection = connect(settings, settings.password());
                    Statement statement = connection.createStatement()) {
                assertEquals("on", show(statement, "fsync"));
                assertEquals("on", show(statement, "synchronous_commit"));
                assertEquals("on", show(statement, "full_page_writes"));
                assertEquals("localhost", show(statement, "listen_addresses"));
                assertEquals("", show(statement, "unix_socket_directories"));
                assertEquals("portkit", show(statement, "current_database()"));
            }
            SQLException refused = assertThrows(SQLException.class, () -> connect(settings, Optional.empty()));
            assertTrue(refused.getSQLState().startsWith("08")
                    || refused.getSQLState().startsWith("28"));
            assertThrows(SQLException.class, () -> connect(settings, Optional.of("guess")));
            assertEquals("rw-------", permissions(dataDir.resolve("postgres-password")));
            assertEquals("rwx------", permissions(dataDir));
        }
    }

    @Test
    void aRestartOnTheSameDirectoryKeepsTheDataAndThePassword() throws Exception {
        String password;
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir)) {
            password = first.settings().password().orElseThrow();
            try (Connection connection =
                            connect(first.settings(), first.settings().password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (n int)");
                statement.execute("INSERT INTO kept VALUES (7)");
            }
        }

        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dataDir)) {
            assertEquals(password, second.settings().password().orElseThrow());
            try (Connection connection =
                            connect(second.settings(), second.settings().password());
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT n FROM kept")) {
                assertTrue(row.next());
                assertEquals(7, row.getInt(1));
            }
        }
    }

    @Test
    void aSecondServerOnTheSameDirectoryFailsFastAndCommandsCanReachTheFirst() {
        try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(dataDir)) {
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> EmbeddedPostgresServer.start(dataDir));

            assertTrue(e.getMessage().contains("is in use by another portkit process"), e.getMessage());
            assertEquals(Optional.of(running.settings()), EmbeddedPostgresServer.runningElsewhere(dataDir));
        }
        assertEquals(Optional.empty(), EmbeddedPostgresServer.runningElsewhere(dataDir));
    }

    private static Connection connect(PostgresSettings settings, Optional<String> password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        password.ifPresent(p -> properties.setProperty("password", p));
        return DriverManager.getConnection(
                "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database(), properties);
    }

    private static String show(Statement statement, String setting) throws SQLException {
        String query = setting.endsWith(")") ? "SELECT " + setting : "SHOW " + setting;
        try (ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
