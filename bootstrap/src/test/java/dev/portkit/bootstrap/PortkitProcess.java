package dev.portkit.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as a real child process ({@code java ... Main}) with a chosen environment, as an
 * operator would run it, in a working directory of its own: the default {@code DATA_DIR} ({@code
 * ./data}) lands there and is removed with it, never in the source tree. Its stdout and stderr go
 * to temporary files that tests read line by line.
 */
public final class PortkitProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    private PortkitProcess(
            Process process, Path stdout, Path stderr, Path workingDirectory, Map<String, String> environment) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.workingDirectory = workingDirectory;
        this.environment = Map.copyOf(environment);
    }

    /** Starts {@code Main} with exactly the given environment (nothing inherited). */
    public static PortkitProcess start(Map<String, String> environment, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("portkit-stdout", ".log");
        Path stderr = Files.createTempFile("portkit-stderr", ".log");
        Path workingDirectory = Files.createTempDirectory("portkit-process");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new PortkitProcess(builder.start(), stdout, stderr, workingDirectory, environment);
    }

    /** Starts {@code Main} with these arguments (a command), writes {@code stdin} to it and closes it. */
    public static PortkitProcess command(Map<String, String> environment, String stdin, String... args)
            throws IOException {
        PortkitProcess started = start(environment, args);
        try (var in = started.process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return started;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public Process process() {
        return process;
    }

    /** The HTTP port it was given ({@code PORT}). */
    public int port() {
        return Integer.parseInt(environment.get("PORT"));
    }

    public List<String> stdout() {
        return lines(stdout);
    }

    public List<String> stderr() {
        return lines(stderr);
    }

    /** Waits for the process to exit and returns its exit code. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "; output: " + stdout() + stderr());
        }
        return process.exitValue();
    }

    /** Waits until a stdout line contains {@code text}. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (stdout().stream().noneMatch(line -> line.contains(text))) {
            if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                throw new AssertionError("no output line containing '" + text + "'; got: " + stdout() + stderr());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // an embedded PostgreSQL in the default DATA_DIR outlives a killed service
        EmbeddedDataDirectories.stopAnyPostgresAndDelete(workingDirectory.resolve("data"));
        EmbeddedDataDirectories.stopAnyPostgresAndDelete(workingDirectory);
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
