package dev.portkit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.net.SocketFactory;

/**
 * A Sentinel-monitored Redis on loopback for tests: a primary, a replica and three Sentinels (quorum 2), all
 * {@code redis-server} processes ({@code --sentinel} for the Sentinels). The primary and replica require
 * {@link #PASSWORD}; the Sentinels none. Failover is fast ({@code down-after-milliseconds} {@link
 * #DOWN_AFTER}): tests kill, hang and restart the data nodes.
 *
 * <p>Started once per JVM by {@link RedisTopologies} and shared by every test class; stop nothing for good
 * in a test: {@link RedisNode#restart()} what you kill and {@link RedisNode#resume()} what you hang, then {@link
 * #awaitHealthy()}.
 */
public final class RedisSentinelGroup implements AutoCloseable {

    /** The name the Sentinels monitor the primary under. */
    public static final String MASTER_NAME = "portkit-test-master";

    /** The password of the primary and the replica. */
    public static final String PASSWORD = "sentinel-test-password";

    /** How long the primary may be silent before the Sentinels fail it over. */
    public static final Duration DOWN_AFTER = Duration.ofMillis(1_000);

    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisNode> dataNodes;
    private final List<ProcessRedis> sentinels;

    private RedisSentinelGroup(List<RedisNode> dataNodes, List<ProcessRedis> sentinels) {
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinels = List.copyOf(sentinels);
    }

    static RedisSentinelGroup start() {
        Path executable = Executables.find("redis-server")
                .orElseThrow(() -> new IllegalStateException("A Sentinel group for tests needs redis-server on PATH,"
                        + " in /usr/local/bin or in /usr/bin: apt-get install redis-server"));
        int masterPort = ManagedRedis.freePort();
        List<RedisNode> data = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int port = i == 0 ? masterPort : ManagedRedis.freePort();
            List<String> arguments = new ArrayList<>(List.of("--masterauth", PASSWORD));
            if (i == 1) {
                arguments.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort)));
            }
            data.add(new RedisNode(
                    new ProcessRedis(
                            executable,
                            new ServerOptions(PASSWORD, null, arguments),
                            List.of(),
                            port,
                            Directories.createTemporary("portkit-sentinel-data-")),
                    PASSWORD));
        }
        List<ProcessRedis> sentinels = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = ManagedRedis.freePort();
            Path directory = Directories.createTemporary("portkit-sentinel-");
            Path config = directory.resolve("sentinel.conf");
            try {
                Files.writeString(
                        config,
                        String.join(
                                "\n",
                                "port " + port,
                                "bind 127.0.0.1",
                                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                                "sentinel auth-pass " + MASTER_NAME + " " + PASSWORD,
                                "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                                ""),
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + config, e);
            }
            sentinels.add(new ProcessRedis(
                    executable,
                    new ServerOptions(null, null, List.of()),
                    List.of(config.toString(), "--sentinel"),
                    port,
                    directory));
        }
        RedisSentinelGroup group = new RedisSentinelGroup(data, sentinels);
        try {
            data.get(0).server().start();
            CompletableFuture.allOf(
                            CompletableFuture.runAsync(data.get(1).server()::start),
                            CompletableFuture.allOf(sentinels.stream()
                                    .map(sentinel -> CompletableFuture.runAsync(sentinel::start))
                                    .toArray(CompletableFuture[]::new)))
                    .join();
            group.awaitHealthy();
            return group;
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
    }

    /**
     * {@code REDIS_URL} for the service, with the password: {@code
     * redis-sentinel://:PASSWORD@127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3/0#portkit-test-master}.
     */
    public String url() {
        return "redis-sentinel://:" + PASSWORD + "@" + sentinelAddresses() + "/0#" + MASTER_NAME;
    }

    /** The Sentinels, {@code 127.0.0.1:port}, comma-separated. */
    public String sentinelAddresses() {
        return sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
    }

    /** The Sentinels' ports. */
    public List<Integer> sentinelPorts() {
        return sentinels.stream().map(ProcessRedis::port).toList();
    }

    /** The primary and the replica, in no particular order. */
    public List<RedisNode> dataNodes() {
        return dataNodes;
    }

    /** The data node the Sentinels name as primary now. */
    public RedisNode master() {
        int port = masterPort();
        return dataNodes.stream()
                .filter(node -> node.port() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the Sentinels name an unknown primary on " + port));
    }

    /** The data node that is not the primary. */
    public RedisNode replica() {
        RedisNode master = master();
        return dataNodes.stream().filter(node -> node != master).findFirst().orElseThrow();
    }

    /** Asks the Sentinels to fail over now ({@code SENTINEL FAILOVER}), as for maintenance. */
    public void failover() {
        try {
            sentinelClient(0).call("SENTINEL", "FAILOVER", MASTER_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("SENTINEL FAILOVER failed", e);
        }
    }

    /** The primary's port as the first Sentinel that answers names it. */
    public int masterPort() {
        IOException last = null;
        for (int i = 0; i < sentinels.size(); i++) {
            try {
                List<?> address = (List<?>) sentinelClient(i).call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
                return Integer.parseInt((String) address.get(1));
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("no Sentinel answers", last);
    }

    /**
     * Waits until both data nodes run and answer, every Sentinel names the same primary, which says it is
     * the primary with its replica in sync, and the Sentinels know each other and the replica. A former
     * primary that is back is made the replica of the one the Sentinels name.
     */
    public void awaitHealthy() {
        long deadline = System.nanoTime() + HEALTHY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                if (healthy()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                last = e.toString();
            }
            RedisCluster.pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException(
                "the test Sentinel group did not become healthy within " + HEALTHY_TIMEOUT.toSeconds() + " s " + last);
    }

    private boolean healthy() throws IOException {
        for (RedisNode node : dataNodes) {
            if (!node.server().isRunning() || node.server().isHung()) {
                return false;
            }
        }
        int master = -1;
        for (int i = 0; i < sentinels.size(); i++) {
            RespClient sentinel = sentinelClient(i);
            List<?> address = (List<?>) sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            int port = Integer.parseInt((String) address.get(1));
            if (master != -1 && port != master) {
                return false;
            }
            master = port;
            if (!"master".equals(flags((List<?>) sentinel.call("SENTINEL", "MASTER", MASTER_NAME)))) {
                return false; // down, or a failover under way
            }
            List<?> replicas = (List<?>) sentinel.call("SENTINEL", "REPLICAS", MASTER_NAME);
            List<?> others = (List<?>) sentinel.call("SENTINEL", "SENTINELS", MASTER_NAME);
            if (others.size() != sentinels.size() - 1
                    || replicas.size() != 1
                    || String.valueOf(replicas.get(0)).contains("s_down")
                    || String.valueOf(replicas.get(0)).contains("disconnected")) {
                return false;
            }
        }
        int port = master;
        for (RedisNode node : dataNodes) {
            if (node.port() != port && node.client().text("INFO", "replication").contains("role:master")) {
                // A former primary back after a failover. The Sentinels make it a replica too, but only once it
                // has reported itself primary for 8 s and they have polled its INFO (every 10 s): 8 to 18 s per test.
                node.client().call("REPLICAOF", "127.0.0.1", Integer.toString(port));
                return false;
            }
        }
        RedisNode primary = dataNodes.stream()
                .filter(node -> node.port() == port)
                .findFirst()
                .orElseThrow();
        String replication = primary.client().text("INFO", "replication");
        return replication.contains("role:master")
                && replication.contains("connected_slaves:1")
                && replication.contains("state=online");
    }

    /** The {@code flags} of a {@code SENTINEL MASTER} reply (field names and values in turn). */
    private static String flags(List<?> fields) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if ("flags".equals(fields.get(i))) {
                return String.valueOf(fields.get(i + 1));
            }
        }
        return "";
    }

    private RespClient sentinelClient(int index) {
        return new RespClient("127.0.0.1", sentinels.get(index).port(), null, SocketFactory.getDefault());
    }

    @Override
    public void close() {
        sentinels.forEach(ProcessRedis::close);
        dataNodes.forEach(node -> node.server().close());
    }
}
