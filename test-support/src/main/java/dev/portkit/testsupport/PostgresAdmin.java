package dev.portkit.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/** The few SQL commands the harness needs: wait for a server, create and drop throwaway databases. */
final class PostgresAdmin {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private PostgresAdmin() {}

    static Connection connect(String host, int port, String user, Optional<String> password, String database)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(jdbcUrl(host, port, database), properties);
    }

    static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Polls until the server accepts connections. */
    static void awaitReady(ManagedPostgres server) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                connect(server.host(), server.port(), server.user(), server.password(), "postgres")
                        .close();
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new IllegalStateException(
                "PostgreSQL at " + server.host() + ":" + server.port() + " did not accept connections within "
                        + READY_TIMEOUT.toSeconds() + " s",
                last);
    }

    static void createDatabase(Connection admin, String name) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + quote(name));
        }
    }

    /** Drops the database, ending the sessions still connected to it (a test's pool that was never closed). */
    static void dropDatabase(Connection admin, String name) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
        }
    }

    private static String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain identifier: " + identifier);
        }
        return "\"" + identifier + "\"";
    }
}
