package dev.portkit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * A port for a Cluster node, free on the loopback interface right now together with its cluster bus
     * port (10000 higher), so at most 55535.
     */
    static int freeClusterPort() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 55_536);
            if (isFree(port) && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port for a Cluster node between 20000 and 55535");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that is free on the loopback interface right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port", e);
        }
    }
}
