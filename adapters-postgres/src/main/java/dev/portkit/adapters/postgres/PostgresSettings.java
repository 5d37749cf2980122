package dev.portkit.adapters.postgres;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach PostgreSQL and how long to wait for it.
 *
 * @param host the server's host name or address
 * @param port the server's port
 * @param database the database to use
 * @param user the user to log in as
 * @param password its password, if the server asks for one; never shown by {@link #toString()}
 * @param tls whether and how to use TLS
 * @param poolSize the most connections this process holds open (HikariCP's maximum pool size)
 * @param connectTimeout the longest a request waits for a connection, a new one included; then the
 *     database counts as unavailable
 * @param queryTimeout the longest one statement may run ({@code statement_timeout}, enforced by the server;
 *     the client gives up a little later should the server not answer at all)
 */
public record PostgresSettings(
        String host,
        int port,
        String database,
        String user,
        Optional<String> password,
        Tls tls,
        int poolSize,
        Duration connectTimeout,
        Duration queryTimeout) {

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

    /** HikariCP refuses shorter connection timeouts. */
    private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(250);

    public PostgresSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (host.isBlank() || database.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("host, database and user must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        if (connectTimeout.compareTo(MIN_CONNECT_TIMEOUT) < 0) {
            throw new IllegalArgumentException("connectTimeout must be at least 250ms, was " + connectTimeout);
        }
        if (queryTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("queryTimeout must be at least 1ms, was " + queryTimeout);
        }
    }

    /** Plain TCP, the default pool and timeouts: e.g. for the embedded server on loopback. */
    public static PostgresSettings of(String host, int port, String database, String user, Optional<String> password) {
        return new PostgresSettings(
                host,
                port,
                database,
                user,
                password,
                Tls.OFF,
                DEFAULT_POOL_SIZE,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_QUERY_TIMEOUT);
    }

    /** The same server with other pool and timeout settings. */
    public PostgresSettings withLimits(int poolSize, Duration connectTimeout, Duration queryTimeout) {
        return new PostgresSettings(host, port, database, user, password, tls, poolSize, connectTimeout, queryTimeout);
    }

    /** {@code postgresql://user@host:port/database}: safe to log, no password. */
    public String redactedUrl() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "PostgresSettings[" + redactedUrl() + ", password=" + (password.isPresent() ? "***" : "none")
                + ", tls=" + tls + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout
                + ", queryTimeout=" + queryTimeout + "]";
    }

    /** How the server's certificate is checked. */
    public enum Verify {
        /** The certificate chains to a trusted CA and names the host (pgjdbc {@code verify-full}). */
        FULL,
        /** The certificate chains to a trusted CA; any host name ({@code verify-ca}). */
        CA,
        /** Encrypted but unauthenticated ({@code require}): for tests only. */
        NONE
    }

    /**
     * @param enabled whether to connect with TLS
     * @param verify how to check the server's certificate
     * @param caFile PEM file of the CAs to trust; without it, the JVM's trust store
     */
    public record Tls(boolean enabled, Verify verify, Optional<Path> caFile) {

        public static final Tls OFF = new Tls(false, Verify.FULL, Optional.empty());

        public Tls {
            Objects.requireNonNull(verify, "verify");
            Objects.requireNonNull(caFile, "caFile");
        }
    }
}
