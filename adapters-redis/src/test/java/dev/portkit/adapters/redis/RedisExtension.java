package dev.portkit.adapters.redis;

import dev.portkit.testsupport.RedisCluster;
import dev.portkit.testsupport.RedisSentinelGroup;
import dev.portkit.testsupport.RedisServerExtension;
import dev.portkit.testsupport.RedisTopologies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one extension every Redis integration test registers (adapters and bootstrap alike): a real Redis in
 * any of the three topologies, and the adapters' objects for it, made and closed in one place.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension redis = new RedisExtension();
 *
 * @Test
 * void storesAnEntry(RedisConnector connector, RedisCircuit circuit) {   // resolved by the extension
 *     Cache cache = new RedisCache(connector, circuit, new MapCache(), RedisCacheSettings.withPrefix(redis.keyPrefix()));
 *     ...
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Where</b>: a standalone Redis from {@link RedisServerExtension} ({@code PORTKIT_TEST_REDIS_URL}, or
 *       one the harness starts; {@link #managed()} for tests that stop or hang it; {@link #on} for TLS, ACL and
 *       passwords), and the run's shared {@link RedisCluster} and {@link RedisSentinelGroup} (see {@link
 *       RedisTopologies}) for {@link Topology#CLUSTER} and {@link Topology#SENTINEL}. Contracts run on all
 *       three with {@code @ParameterizedClass @EnumSource(Topology.class)}.
 *   <li><b>Isolation</b>: {@link #keyPrefix()} is the running test's own; put every key under it (give it to
 *       the adapter). On the standalone Redis its keys are deleted after the test. The Cluster and the
 *       Sentinel group exist only for the run.
 *   <li><b>Made for you</b>, per class and topology, closed after the class: {@link #settings}, {@link
 *       #connector}, {@link #circuit}; also as test, constructor or lifecycle method parameters of type {@link
 *       RedisSettings}, {@link RedisConnector}, {@link RedisCircuit} (standalone), {@link RedisServerExtension},
 *       {@link RedisCluster}, {@link RedisSentinelGroup}. {@link #newConnector} makes one more, closed after
 *       the test: for a second instance of the service, or other timeouts.
 * </ul>
 *
 * <p>Timeouts are patient (2 s per command): on a loaded machine a shorter one would count as an outage and
 * put the adapters on their fallbacks. Tests about timeouts set their own with {@link
 * RedisSettings#withCommandTimeout}. Not for test classes that run in parallel.
 */
public final class RedisExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    /** The three topologies a contract runs on. */
    public enum Topology {
        STANDALONE,
        SENTINEL,
        CLUSTER
    }

    /** Per command: long enough that no loaded machine reaches it by accident. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisServerExtension server;
    private ExtensionContext classContext;
    private final Map<Topology, RedisConnector> connectors = new EnumMap<>(Topology.class);
    private final Map<Topology, RedisCircuit> circuits = new EnumMap<>(Topology.class);
    private final List<AutoCloseable> perTest = new ArrayList<>();

    /** Any standalone Redis: {@code PORTKIT_TEST_REDIS_URL} when it is set, else one the harness starts. */
    public RedisExtension() {
        this(new RedisServerExtension());
    }

    private RedisExtension(RedisServerExtension server) {
        this.server = server;
    }

    /** A standalone Redis of the class's own, which its tests may stop and hang (outage tests). */
    public static RedisExtension managed() {
        return new RedisExtension(RedisServerExtension.builder().managed().build());
    }

    /** On this standalone Redis, e.g. {@code RedisServerExtension.builder().tls(...).password(...).build()}. */
    public static RedisExtension on(RedisServerExtension server) {
        return new RedisExtension(server);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server.beforeAll(context);
        if (classContext == null) {
            classContext = context;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            closeAll(perTest);
        } finally {
            server.afterEach(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context != classContext) {
            return; // a @Nested class: the enclosing class closes everything
        }
        try {
            List<AutoCloseable> all = new ArrayList<>(circuits.values());
            all.addAll(connectors.values());
            circuits.clear();
            connectors.clear();
            classContext = null;
            closeAll(all);
        } finally {
            server.afterAll(context);
        }
    }

    /** The running test's key prefix (its class's in {@code @BeforeAll}); see {@link RedisServerExtension}. */
    public String keyPrefix() {
        return server.keyPrefix();
    }

    /** The standalone Redis: its address, and {@code stop()}, {@code hang()}... for {@link #managed()} ones. */
    public RedisServerExtension server() {
        return server;
    }

    /** The run's Redis Cluster. */
    public RedisCluster cluster() {
        return RedisTopologies.cluster(requireStarted());
    }

    /** The run's Sentinel group. */
    public RedisSentinelGroup sentinel() {
        return RedisTopologies.sentinel(requireStarted());
    }

    /** Settings for the standalone Redis, under {@link #keyPrefix()}. */
    public RedisSettings settings() {
        return settings(Topology.STANDALONE);
    }

    /** Settings for Redis in {@code topology}, with its credentials, under {@link #keyPrefix()}. */
    public RedisSettings settings(Topology topology) {
        RedisSettings settings = switch (topology) {
            case STANDALONE -> {
                RedisSettings plain = new RedisSettings(server.uri(), COMMAND_TIMEOUT, COMMAND_TIMEOUT, "portkit-test");
                if (server.password().isPresent()) {
                    plain = plain.withCredentials(
                            server.username(), server.password().get());
                }
                yield server.caCertificate()
                        .map(ca -> new RedisSettings.Tls(false, RedisSettings.Verify.FULL, Optional.of(ca)))
                        .map(plain::withTls)
                        .orElse(plain);
            }
            case SENTINEL -> {
                List<RedisEndpoint.Node> sentinels = sentinel().sentinelPorts().stream()
                        .map(port -> new RedisEndpoint.Node("127.0.0.1", port))
                        .toList();
                yield new RedisSettings(
                                RedisEndpoint.sentinel(sentinels, RedisSentinelGroup.MASTER_NAME, 0, false),
                                COMMAND_TIMEOUT,
                                COMMAND_TIMEOUT,
                                "portkit-test")
                        .withCredentials(Optional.empty(), RedisSentinelGroup.PASSWORD);
            }
            case CLUSTER -> {
                List<RedisEndpoint.Node> seeds = cluster().seeds().stream()
                        .map(seed -> new RedisEndpoint.Node(
                                "127.0.0.1", Integer.parseInt(seed.substring(seed.indexOf(':') + 1))))
                        .toList();
                yield new RedisSettings(
                                RedisEndpoint.cluster(seeds, false), COMMAND_TIMEOUT, COMMAND_TIMEOUT, "portkit-test")
                        .withCredentials(Optional.empty(), RedisCluster.PASSWORD);
            }
        };
        return settings.withKeyPrefix(keyPrefix());
    }

    /**
     * The service's variables for Redis in {@code topology}, as the README documents them, under {@link
     * #keyPrefix()}: {@code REDIS_URL} (standalone, Sentinel) or {@code REDIS_CLUSTER_NODES}, credentials, CA.
     */
    public Map<String, String> environment(Topology topology) {
        Map<String, String> variables = new LinkedHashMap<>();
        switch (topology) {
            case STANDALONE -> variables.putAll(server.environment());
            case SENTINEL -> variables.put("REDIS_URL", sentinel().url());
            case CLUSTER -> {
                variables.put("REDIS_CLUSTER_NODES", cluster().clusterNodesVariable());
                variables.put("REDIS_PASSWORD", RedisCluster.PASSWORD);
            }
        }
        variables.put("REDIS_KEY_PREFIX", keyPrefix());
        return variables;
    }

    /** The class's shared connections to the standalone Redis. */
    public RedisConnector connector() {
        return connector(Topology.STANDALONE);
    }

    /** The class's shared connections to Redis in {@code topology}; closed after the class. */
    public RedisConnector connector(Topology topology) {
        requireStarted();
        return connectors.computeIfAbsent(topology, t -> RedisConnector.open(settings(t)));
    }

    /** The class's circuit for the standalone Redis. */
    public RedisCircuit circuit() {
        return circuit(Topology.STANDALONE);
    }

    /** The class's circuit (default settings, a real {@code PING} probe) in {@code topology}. */
    public RedisCircuit circuit(Topology topology) {
        RedisConnector connector = connector(topology);
        return circuits.computeIfAbsent(
                topology, t -> new RedisCircuit(RedisBreakerSettings.DEFAULTS, () -> connector.ping()));
    }

    /** Connections of their own with these settings, closed after the test: e.g. a second instance. */
    public RedisConnector newConnector(RedisSettings settings) {
        RedisConnector connector = RedisConnector.open(settings);
        perTest.add(connector);
        return connector;
    }

    /** Closes {@code closeable} after the test, e.g. a circuit made for it. */
    public <T extends AutoCloseable> T closeAfterTest(T closeable) {
        perTest.add(closeable);
        return closeable;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RedisSettings.class
                || type == RedisConnector.class
                || type == RedisCircuit.class
                || type == RedisServerExtension.class
                || type == RedisCluster.class
                || type == RedisSentinelGroup.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == RedisSettings.class) {
            return settings();
        } else if (type == RedisConnector.class) {
            return connector();
        } else if (type == RedisCircuit.class) {
            return circuit();
        } else if (type == RedisCluster.class) {
            return cluster();
        } else if (type == RedisSentinelGroup.class) {
            return sentinel();
        }
        return server;
    }

    private ExtensionContext requireStarted() {
        if (classContext == null) {
            throw new IllegalStateException("register RedisExtension on a static field with @RegisterExtension,"
                    + " and use it from tests, @BeforeAll or @BeforeEach methods");
        }
        return classContext;
    }

    private static void closeAll(List<AutoCloseable> closeables) throws Exception {
        Exception first = null;
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        closeables.clear();
        if (first != null) {
            throw first;
        }
    }
}
