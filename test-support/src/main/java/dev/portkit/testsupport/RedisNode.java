package dev.portkit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * One data node of a test topology ({@link RedisCluster}, {@link RedisSentinelGroup}): a {@code redis-server}
 * process on a fixed port and working directory that tests kill, hang and restart. Stop nothing for good: {@link
 * #restart()} what you kill and {@link #resume()} what you hang, then await the topology's health.
 */
public final class RedisNode {

    private final ProcessRedis server;
    private final String password;

    RedisNode(ProcessRedis server, String password) {
        this.server = server;
        this.password = password;
    }

    public int port() {
        return server.port();
    }

    /** Kills the node at once (SIGKILL), as a crash would; if it was a primary, its replica takes over. */
    public void kill() {
        server.kill();
    }

    /** Starts a killed node again on its port, empty; the topology makes it a replica. */
    public void restart() {
        server.start();
    }

    /** Freezes the node (SIGSTOP): it keeps its connections but answers nothing. */
    public void hang() {
        server.hang();
    }

    /** Lets a hung node run again. */
    public void resume() {
        server.resume();
    }

    /** The node's process id, for logs. */
    public long pid() {
        return server.pid();
    }

    /** Runs one command on this node, e.g. {@code ROLE}; empty for a nil reply. */
    public Optional<Object> call(String... command) {
        try {
            return Optional.ofNullable(client().call(command));
        } catch (IOException e) {
            throw new UncheckedIOException("127.0.0.1:" + port() + " did not answer " + command[0], e);
        }
    }

    RespClient client() {
        return new RespClient("127.0.0.1", port(), password, SocketFactory.getDefault());
    }

    ProcessRedis server() {
        return server;
    }

    @Override
    public String toString() {
        return "127.0.0.1:" + port();
    }
}
