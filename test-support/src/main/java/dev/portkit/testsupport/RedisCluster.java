package dev.portkit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster on loopback for tests: three masters and three replicas, {@code redis-server} processes
 * made into a Cluster with {@code redis-cli --cluster create ... --cluster-replicas 1}. Every node requires
 * {@link #PASSWORD}, so every test on it also proves that authentication works on a Cluster. Nodes fail over
 * fast ({@code cluster-node-timeout} {@link #NODE_TIMEOUT}): tests kill, hang and restart them.
 *
 * <p>Started once per JVM by {@link RedisTopologies} and shared by every test class; stop nothing for good
 * in a test: {@link RedisNode#restart()} what you kill and {@link RedisNode#resume()} what you hang, then {@link
 * #awaitHealthy()}.
 */
public final class RedisCluster implements AutoCloseable {

    /** The password of every node ({@code requirepass} and {@code masterauth}). */
    public static final String PASSWORD = "cluster-test-password";

    /** How long a node may be silent before the others fail it over. */
    public static final Duration NODE_TIMEOUT = Duration.ofMillis(1_000);

    private static final int SIZE = 6;
    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisNode> nodes;

    private RedisCluster(List<RedisNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts six nodes in parallel and makes them a Cluster; fails, saying why, if it cannot. */
    static RedisCluster start() {
        Path executable = Executables.find("redis-server")
                .orElseThrow(() -> new IllegalStateException("A Redis Cluster for tests needs redis-server (and"
                        + " redis-cli) on PATH, in /usr/local/bin or in /usr/bin: apt-get install redis-server"));
        Path cli = Executables.find("redis-cli")
                .orElseThrow(() -> new IllegalStateException(
                        "A Redis Cluster for tests needs redis-cli: apt-get install redis-tools"));
        List<RedisNode> nodes = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            int port = ManagedRedis.freeClusterPort();
            ServerOptions options = new ServerOptions(
                    PASSWORD,
                    null,
                    List.of(
                            "--cluster-enabled", "yes",
                            "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
                            "--cluster-replica-validity-factor", "0",
                            "--masterauth", PASSWORD,
                            "--appendonly", "no"));
            nodes.add(new RedisNode(
                    new ProcessRedis(
                            executable, options, List.of(), port, Directories.createTemporary("portkit-cluster-")),
                    PASSWORD));
        }
        RedisCluster cluster = new RedisCluster(nodes);
        try {
            CompletableFuture.allOf(nodes.stream()
                            .map(node -> CompletableFuture.runAsync(node.server()::start))
                            .toArray(CompletableFuture[]::new))
                    .join();
            List<String> command = new ArrayList<>(List.of(cli.toString(), "-a", PASSWORD, "--no-auth-warning"));
            command.addAll(List.of("--cluster", "create"));
            nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
            command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            run(command);
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Seed nodes for clients: every node, {@code 127.0.0.1:port}. */
    public List<String> seeds() {
        return nodes.stream().map(node -> "127.0.0.1:" + node.port()).toList();
    }

    /** {@code REDIS_CLUSTER_NODES} for the service: every node. */
    public String clusterNodesVariable() {
        return String.join(",", seeds());
    }

    /** All six nodes, masters and replicas, in no particular order. */
    public List<RedisNode> nodes() {
        return nodes;
    }

    /** The node that serves {@code slot} as master now. */
    public RedisNode masterOf(int slot) {
        for (String line : clusterNodes()) {
            String[] fields = line.split(" ");
            if (!fields[2].contains("master") || fields[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                if (range[0].startsWith("[")) {
                    continue; // a slot being migrated
                }
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return byAddress(fields[1]);
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot + ": " + clusterNodes());
    }

    /** The current masters. */
    public List<RedisNode> masters() {
        List<RedisNode> masters = new ArrayList<>();
        for (String line : clusterNodes()) {
            String[] fields = line.split(" ");
            if (fields[2].contains("master") && !fields[2].contains("fail") && fields.length > 8) {
                masters.add(byAddress(fields[1]));
            }
        }
        return masters;
    }

    /**
     * Waits until every node runs, answers, and sees the Cluster whole: {@code cluster_state:ok}, every slot
     * served, three masters each with a replica, and no node flagged failing.
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
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the test Cluster did not become healthy within " + HEALTHY_TIMEOUT.toSeconds()
                + " s: " + last + " " + clusterNodes());
    }

    private boolean healthy() throws IOException {
        int masters = 0;
        int replicas = 0;
        for (RedisNode node : nodes) {
            if (!node.server().isRunning() || node.server().isHung()) {
                return false;
            }
            String info = node.client().text("CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
                return false;
            }
        }
        for (String line : clusterNodes()) {
            String flags = line.split(" ")[2];
            if (flags.contains("fail") || flags.contains("handshake") || flags.contains("noaddr")) {
                return false;
            }
            if (flags.contains("master")) {
                masters++;
            } else if (flags.contains("slave")) {
                replicas++;
            }
        }
        return masters == 3 && replicas == 3;
    }

    /** {@code CLUSTER NODES} as one node that runs and answers sees it, one line per node. */
    private List<String> clusterNodes() {
        IOException last = null;
        for (RedisNode node : nodes) {
            if (!node.server().isRunning() || node.server().isHung()) {
                continue;
            }
            try {
                return node.client().text("CLUSTER", "NODES").lines().toList();
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no node of the test Cluster answers", last);
    }

    private RedisNode byAddress(String address) {
        int port = Integer.parseInt(address.substring(address.indexOf(':') + 1).split("@")[0]);
        return nodes.stream()
                .filter(node -> node.port() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown node " + address));
    }

    /** Stops every node and deletes their files. */
    @Override
    public void close() {
        nodes.forEach(node -> node.server().close());
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command).replace(PASSWORD, "***") + " failed:\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the test Cluster", e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
