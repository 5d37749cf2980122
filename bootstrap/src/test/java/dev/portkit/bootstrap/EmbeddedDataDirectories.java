package dev.portkit.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Cleans up after tests that run the jar on its embedded PostgreSQL in a temporary {@code DATA_DIR}. */
public final class EmbeddedDataDirectories {

    private EmbeddedDataDirectories() {}

    /**
     * Stops a PostgreSQL still running on the directory (a test that failed half-way, or a postmaster orphaned by
     * {@code kill -9}), then deletes the directory.
     */
    public static void stopAnyPostgresAndDelete(Path dataDir) {
        postmaster(dataDir)
                .ifPresent(pid -> ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroy(); // SIGTERM: PostgreSQL's smart shutdown
                    try {
                        process.onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        process.destroyForcibly();
                    }
                }));
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    /** The pid in {@code DATA_DIR/postgres/postmaster.pid}, if there is one. */
    public static Optional<Long> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
