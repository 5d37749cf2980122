package dev.portkit.testsupport;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a free loopback port, with a temporary working directory.
 *
 * <p>A restart reuses the port and the directory. A JVM shutdown hook kills the process and deletes the
 * directory if {@link #close()} is never reached.
 */
final class ProcessRedis implements ManagedRedis {

    private static final String HOST = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Path executable;
    private final ServerOptions options;
    /** Before every other argument, e.g. a Sentinel's configuration file; may be empty. */
    private final List<String> leadingArguments;

    private final int port;
    private final Path directory;
    private final Path output;
    private final RespClient client;
    private final Thread shutdownHook;
    private volatile Process process;
    private volatile boolean hung;

    ProcessRedis(Path executable, ServerOptions options) {
        this(executable, options, List.of(), ManagedRedis.freePort(), Directories.createTemporary("portkit-redis-"));
    }

    /**
     * A server on {@code port} working in {@code directory} (which {@link #close()} deletes), started as {@code
     * redis-server <leadingArguments> --bind ... <options' arguments>}; for the nodes of a cluster or a Sentinel
     * group.
     */
    ProcessRedis(Path executable, ServerOptions options, List<String> leadingArguments, int port, Path directory) {
        this.executable = executable;
        this.options = options;
        this.leadingArguments = List.copyOf(leadingArguments);
        this.port = port;
        this.directory = directory;
        this.output = directory.resolve("redis-server.out");
        this.client = new RespClient(HOST, port, options.password(), options.sockets());
        this.shutdownHook = new Thread(this::destroy, "portkit-redis-server-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String description() {
        return "redis-server process " + executable + " (Docker is not available)";
    }

    @Override
    public void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(leadingArguments);
        command.addAll(List.of("--bind", HOST, "--dir", directory.toString(), "--daemonize", "no"));
        command.addAll(options.arguments(port));
        try {
            for (Map.Entry<String, Path> file : options.files().entrySet()) {
                Files.copy(file.getValue(), directory.resolve(file.getKey()), StandardCopyOption.REPLACE_EXISTING);
            }
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + executable, e);
        }
        awaitReady();
    }

    @Override
    public void hang() {
        signal("STOP");
        hung = true;
    }

    @Override
    public void resume() {
        if (hung) {
            signal("CONT");
            hung = false;
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would: no shutdown, no goodbye to its peers. */
    void kill() {
        Process running = process;
        if (running == null) {
            return;
        }
        resume();
        running.destroyForcibly(); // SIGKILL
        try {
            running.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Whether the process runs (hung or not). */
    boolean isRunning() {
        Process running = process;
        return running != null && running.isAlive();
    }

    /** Whether it is {@link #hang() hung}. */
    boolean isHung() {
        return hung;
    }

    /** The process id, for logs and for {@code kill} by hand. */
    long pid() {
        Process running = process;
        return running == null ? -1 : running.pid();
    }

    Path directory() {
        return directory;
    }

    @Override
    public void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        resume(); // a stopped process would not act on SIGTERM
        running.destroy();
        try {
            if (!running.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
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

    /** Sends a signal with {@code kill}: the JDK can only terminate a process, not stop it. */
    private void signal(String name) {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(running.pid()))
                    .redirectErrorStream(true)
                    .start();
            if (!kill.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + running.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    private void destroy() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
        Directories.deleteQuietly(directory);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        IOException lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw startFailure("exited with code " + process.exitValue(), lastFailure);
            }
            try {
                client.call("PING");
                return;
            } catch (IOException e) {
                lastFailure = e;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw startFailure("was interrupted while starting", e);
            }
        }
        throw startFailure("did not answer PING within " + STARTUP_TIMEOUT.toSeconds() + " s", lastFailure);
    }

    /** Kills the process that failed to start and describes why, with its output. */
    private IllegalStateException startFailure(String what, Exception cause) {
        stop();
        String serverOutput;
        try {
            serverOutput = Files.readString(output, UTF_8);
        } catch (IOException e) {
            serverOutput = "(unreadable: " + e + ")";
        }
        return new IllegalStateException(
                "redis-server on " + HOST + ":" + port + " " + what + ". Its output:\n" + serverOutput, cause);
    }
}
