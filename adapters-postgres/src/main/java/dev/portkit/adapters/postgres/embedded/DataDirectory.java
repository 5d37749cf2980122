package dev.portkit.adapters.postgres.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code DATA_DIR}: what the embedded PostgreSQL keeps there, and the lock that lets one process at a time use
 * it.
 *
 * <pre>
 * DATA_DIR/                  0700
 *   portkit.lock             held (fcntl) by the process that runs the server; holds its pid
 *   postgres-password        the superuser's password, made on first start (0600)
 *   postgres/                the PostgreSQL data directory (PGDATA)
 *   postgres.log             the server's own log
 *   binaries/                the PostgreSQL binaries, unpacked from the jar
 * </pre>
 */
final class DataDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path pgData() {
        return root.resolve("postgres");
    }

    Path log() {
        return root.resolve("postgres.log");
    }

    Path binaries() {
        return root.resolve("binaries");
    }

    Path passwordFile() {
        return root.resolve("postgres-password");
    }

    /** Creates the directory, readable by this user only, unless it exists. */
    void create() throws IOException {
        Files.createDirectories(root);
        if (supportsPosix()) {
            Files.setPosixFilePermissions(root, OWNER_ONLY);
        }
    }

    /**
     * Takes the directory's lock for this process, or empty if another process (or another server in this
     * one) holds it. The lock ends with the process, however it ends.
     */
    Optional<Lock> tryLock() throws IOException {
        FileChannel channel = FileChannel.open(
                root.resolve("portkit.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(
                ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
        return Optional.of(new Lock(channel, lock));
    }

    /** The pid written by the process that holds the lock, if readable. */
    Optional<String> lockHolder() {
        try {
            String pid = Files.readString(root.resolve("portkit.lock"), StandardCharsets.US_ASCII)
                    .strip();
            return pid.isEmpty() ? Optional.empty() : Optional.of(pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    boolean initialized() {
        return Files.exists(pgData().resolve("PG_VERSION"));
    }

    /** The superuser's password: read, or made and written (0600) when the server is new. */
    String password() throws IOException {
        Path file = passwordFile();
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        if (initialized()) {
            throw new IllegalStateException(file + " is missing, and the embedded PostgreSQL in " + pgData()
                    + " cannot be opened without it. Restore the file, or start on a new DATA_DIR.");
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            if (supportsPosix()) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
        return password;
    }

    /** The pid of the postmaster that {@code postmaster.pid} names, if the file is there. */
    Optional<Long> postmasterPid() {
        return postmasterLine(0).flatMap(line -> {
            try {
                return Optional.of(Long.parseLong(line));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The port a running postmaster listens on, from {@code postmaster.pid}. */
    OptionalInt postmasterPort() {
        Optional<String> line = postmasterLine(3);
        try {
            return line.isPresent() ? OptionalInt.of(Integer.parseInt(line.get())) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private Optional<String> postmasterLine(int index) {
        try {
            List<String> lines = Files.readAllLines(pgData().resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.size() > index ? Optional.of(lines.get(index).strip()) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static boolean supportsPosix() {
        return java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix");
    }

    /** The held lock; closing it lets another process use the directory. */
    static final class Lock implements AutoCloseable {

        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
