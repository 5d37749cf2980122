package dev.portkit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A Redis server that the harness starts and stops itself, always on the same host and port. */
interface ManagedRedis {

    String host();

    int port();

    /** Says how the server runs, for the log, e.g. {@code redis-server process /usr/bin/redis-server}. */
    String description();

    /** Starts the server and waits until it answers; does nothing if it is running. */
    void start();

    /** Stops the server, so that it refuses connections; does nothing if it is stopped. Data is lost. */
    void stop();

    /** Freezes the server (SIGSTOP, {@code docker pause}): connections stay open, nothing answers. */
    void hang();

    /** Lets a {@link #hang() hung} server run again; does nothing if it is not hung. */
    void resume();

    /** Stops the server for good and releases what it holds (process, container, files). */
    void close();

    /** A port that is free on the loopback interface right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        }
    }
}
