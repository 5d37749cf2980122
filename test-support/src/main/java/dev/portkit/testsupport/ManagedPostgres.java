package dev.portkit.testsupport;

import java.util.Optional;

/** A PostgreSQL server that the harness starts and stops itself, always on the same host and port. */
interface ManagedPostgres {

    String host();

    int port();

    /** A superuser, allowed to create and drop databases. */
    String user();

    /** Its password, or empty when the server trusts local connections. */
    Optional<String> password();

    /** Says how the server runs, for the log, e.g. {@code embedded PostgreSQL 18 (zonky)}. */
    String description();

    /** Starts the server and waits until it accepts connections; does nothing if it is running. */
    void start();

    /** Stops the server, so that it refuses connections; keeps its data. Does nothing if it is stopped. */
    void stop();

    /** Stops the server for good and deletes what it holds (process, container, files). */
    void close();
}
