package dev.portkit.adapters.redis;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where Redis is, in one of three topologies; never holds credentials (see {@link RedisSettings}).
 *
 * <ul>
 *   <li>{@link Mode#STANDALONE}: one server (a primary, with or without replicas), {@code redis://host:port/db};
 *   <li>{@link Mode#SENTINEL}: the primary that Redis Sentinel monitors under {@code masterName}, found through
 *       the given Sentinels and found again after a failover, {@code redis-sentinel://h1:26379,h2:26379/db#name};
 *   <li>{@link Mode#CLUSTER}: a Redis Cluster, discovered from the given seed nodes (any of its nodes).
 * </ul>
 *
 * @param mode the topology
 * @param nodes the server, the Sentinels, or the Cluster's seed nodes; at least one
 * @param database the database number; always 0 on a Cluster
 * @param masterName the name Sentinel monitors the primary under; only for {@link Mode#SENTINEL}
 * @param tls whether the address itself says TLS ({@code rediss://}, {@code rediss-sentinel://})
 */
public record RedisEndpoint(Mode mode, List<Node> nodes, int database, Optional<String> masterName, boolean tls) {

    /** The three topologies. */
    public enum Mode {
        STANDALONE,
        SENTINEL,
        CLUSTER
    }

    /** A host and port. */
    public record Node(String host, int port) {

        public Node {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be from 1 to 65535, was " + port);
            }
        }

        /** {@code host:port}, with an IPv6 address in brackets. */
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    public RedisEndpoint {
        Objects.requireNonNull(mode, "mode");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(masterName, "masterName");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node is needed");
        }
        if (mode == Mode.STANDALONE && nodes.size() != 1) {
            throw new IllegalArgumentException("a standalone Redis has one address, not " + nodes.size());
        }
        if (masterName.isPresent() != (mode == Mode.SENTINEL)) {
            throw new IllegalArgumentException("a master name goes with Sentinel, and only with Sentinel");
        }
        if (database < 0 || (mode == Mode.CLUSTER && database != 0)) {
            throw new IllegalArgumentException("invalid database " + database + " for " + mode);
        }
    }

    /** One server. */
    public static RedisEndpoint standalone(String host, int port, int database, boolean tls) {
        return new RedisEndpoint(Mode.STANDALONE, List.of(new Node(host, port)), database, Optional.empty(), tls);
    }

    /** The primary Sentinel monitors as {@code masterName}. */
    public static RedisEndpoint sentinel(List<Node> sentinels, String masterName, int database, boolean tls) {
        if (Objects.requireNonNull(masterName, "masterName").isBlank()) {
            throw new IllegalArgumentException("the Sentinel master name must not be blank");
        }
        return new RedisEndpoint(Mode.SENTINEL, sentinels, database, Optional.of(masterName), tls);
    }

    /** A Redis Cluster, found from these seed nodes. */
    public static RedisEndpoint cluster(List<Node> seeds, boolean tls) {
        return new RedisEndpoint(Mode.CLUSTER, seeds, 0, Optional.empty(), tls);
    }

    /**
     * A standalone endpoint from a {@code redis://host:port/db} or {@code rediss://} URI without credentials, as
     * tests have them; port 6379 and database 0 when absent.
     */
    public static RedisEndpoint of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("Redis URI must be redis:// or rediss://, was " + RedisUris.redact(uri));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Redis URI needs a host, was " + RedisUris.redact(uri));
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0;
        return standalone(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), database, scheme.equals("rediss"));
    }

    /**
     * For logs and health: {@code redis://host:port/0}, {@code redis-sentinel://h1:26379,h2:26379/0#name} or
     * {@code redis-cluster://h1:7000,h2:7001} ({@code s} after {@code redis} for TLS). No credentials.
     */
    @Override
    public String toString() {
        String hosts = nodes.stream().map(Node::toString).collect(Collectors.joining(","));
        String secure = tls ? "s" : "";
        return switch (mode) {
            case STANDALONE -> "redis" + secure + "://" + hosts + "/" + database;
            case SENTINEL ->
                "redis" + secure + "-sentinel://" + hosts + "/" + database + "#" + masterName.orElseThrow();
            case CLUSTER -> "redis" + secure + "-cluster://" + hosts;
        };
    }
}
