package dev.portkit.adapters.redis;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reports Redis as {@link HealthStatus#UP} when a {@code PING} answers within {@link #PROBE_TIMEOUT}
 * and the topology is whole, and as {@link HealthStatus#DEGRADED} otherwise: while the service serves
 * from its fallbacks (the shared {@link RedisCircuit} is open), when the {@code PING} fails, on a
 * Cluster whose {@code cluster_state} is not {@code ok} or with slots unassigned or failing ({@code
 * pfail}/{@code fail}), on Sentinel when no Sentinel names the primary. The service still serves, in
 * part without Redis.
 *
 * <p>Details: {@code mode} ({@code standalone}, {@code sentinel} or {@code cluster}), {@code
 * fallbackActive}, {@code since}, {@code lastError} (never a secret) and, when Redis answers, {@code
 * latencyMs}, {@code keyPrefix} and, from {@code INFO server} and {@code INFO memory}, {@code
 * version}, {@code usedMemory} and {@code uptimeSeconds}; on Sentinel {@code master} (the primary's
 * {@code host:port} as the Sentinels see it); on a Cluster, from {@code CLUSTER INFO}, {@code
 * clusterState}, {@code slotsAssigned}, {@code slotsOk}, {@code slotsPfail}, {@code slotsFail} and
 * {@code knownNodes}, and {@code size} (masters serving slots). The check is cheap
 * and bounded, so a storm of health checks cannot load Redis: while the circuit is open no command
 * is sent at all, every command waits at most {@link #PROBE_TIMEOUT} (or the command timeout, if
 * shorter), so that a probe answers fast even when Redis is slow, and {@code INFO} is asked at most
 * once per {@link #INFO_MAX_AGE}. A probe never counts for the circuit: its timeout is stricter than
 * the command timeout, so a Redis that is merely slow would otherwise put the whole service on its
 * fallbacks; the service's own calls and the circuit's probe decide that. A failed probe's error is
 * reported as {@code lastError}.
 */
public final class RedisHealthIndicator implements HealthIndicator {

    /** The longest the probe waits for one answer from Redis. */
    public static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

    /** How long one {@code INFO} answer is reused. */
    public static final Duration INFO_MAX_AGE = Duration.ofSeconds(5);

    /** How long one answer about the topology (the primary, {@code CLUSTER INFO}) is reused. */
    public static final Duration TOPOLOGY_MAX_AGE = Duration.ofSeconds(1);

    private static final int SLOTS = 16_384;

    private final RedisCircuit circuit;
    private final RedisConnector connector;
    private final String keyPrefix;
    private final Object infoLock = new Object();
    /** The last {@code INFO} fields and when they were asked for; empty before the first probe. */
    private final AtomicReference<InfoSnapshot> info = new AtomicReference<>();

    private final Object topologyLock = new Object();
    private final AtomicReference<InfoSnapshot> topology = new AtomicReference<>();

    /**
     * @param keyPrefix the prefix of every key the service writes, reported to operators
     */
    public RedisHealthIndicator(RedisCircuit circuit, RedisConnector connector, String keyPrefix) {
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Health check() {
        if (circuit.isOpen()) {
            return new Health(HealthStatus.DEGRADED, details(circuit.status()));
        }
        long start = System.nanoTime();
        try {
            bounded(connector.pingAsync());
        } catch (RuntimeException e) {
            Map<String, Object> details = details(circuit.status());
            details.put("lastError", RedisCircuit.describe(e));
            return new Health(HealthStatus.DEGRADED, details);
        }
        long micros = (System.nanoTime() - start) / 1_000;
        Map<String, Object> details = details(circuit.status());
        details.put("latencyMs", micros / 1000.0);
        details.putAll(info());
        Map<String, Object> topologyDetails = topology();
        details.putAll(topologyDetails);
        details.put("keyPrefix", keyPrefix);
        return new Health(whole(topologyDetails) ? HealthStatus.UP : HealthStatus.DEGRADED, details);
    }

    /** Whether the topology serves every key: the primary is known, or every slot is ok. */
    private boolean whole(Map<String, Object> topology) {
        return switch (connector.mode()) {
            case STANDALONE -> true;
            case SENTINEL -> topology.containsKey("master");
            case CLUSTER ->
                "ok".equals(topology.get("clusterState"))
                        && Long.valueOf(SLOTS).equals(topology.get("slotsAssigned"))
                        && Long.valueOf(SLOTS).equals(topology.get("slotsOk"));
        };
    }

    /** Where the primary is (Sentinel) or the Cluster's state; cached for {@link #TOPOLOGY_MAX_AGE}. */
    private Map<String, Object> topology() {
        if (connector.mode() == RedisEndpoint.Mode.STANDALONE) {
            return Map.of();
        }
        synchronized (topologyLock) {
            InfoSnapshot last = topology.get();
            if (last == null || System.nanoTime() - last.nanos() >= TOPOLOGY_MAX_AGE.toNanos()) {
                long nanos = System.nanoTime();
                Map<String, Object> fields;
                try {
                    fields = connector.mode() == RedisEndpoint.Mode.SENTINEL
                            ? Map.of(
                                    "master",
                                    address(bounded(connector
                                            .sentinel()
                                            .async()
                                            .getMasterAddrByName(connector.sentinelMasterName())
                                            .toCompletableFuture())))
                            : parseClusterInfo(bounded(connector.server().thenCompose(server -> server.clusterInfo())));
                } catch (RuntimeException e) {
                    fields = Map.of(); // not whole: DEGRADED until the next answer
                }
                last = new InfoSnapshot(fields, nanos);
                topology.set(last);
            }
            return last.fields();
        }
    }

    private static String address(SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? new RedisEndpoint.Node(inet.getHostString(), inet.getPort()).toString()
                : String.valueOf(address);
    }

    static Map<String, Object> parseClusterInfo(String info) {
        Map<String, String> fields = fields(info);
        Map<String, Object> details = new LinkedHashMap<>();
        putIfPresent(details, "clusterState", fields.get("cluster_state"));
        putIfPresent(details, "slotsAssigned", asLong(fields.get("cluster_slots_assigned")));
        putIfPresent(details, "slotsOk", asLong(fields.get("cluster_slots_ok")));
        putIfPresent(details, "slotsPfail", asLong(fields.get("cluster_slots_pfail")));
        putIfPresent(details, "slotsFail", asLong(fields.get("cluster_slots_fail")));
        putIfPresent(details, "knownNodes", asLong(fields.get("cluster_known_nodes")));
        putIfPresent(details, "size", asLong(fields.get("cluster_size")));
        return Map.copyOf(details);
    }

    /** The cached {@code INFO} fields; one caller refreshes them when stale, the others wait. */
    private Map<String, Object> info() {
        synchronized (infoLock) {
            InfoSnapshot last = info.get();
            if (last == null || System.nanoTime() - last.nanos() >= INFO_MAX_AGE.toNanos()) {
                long nanos = System.nanoTime();
                Map<String, Object> fields;
                try {
                    fields = parse(bounded(connector.server().thenCompose(server -> server.info("server")))
                            + bounded(connector.server().thenCompose(server -> server.info("memory"))));
                } catch (RuntimeException e) {
                    fields = Map.of(); // retried after INFO_MAX_AGE; the PING decides the status
                }
                last = new InfoSnapshot(fields, nanos);
                info.set(last);
            }
            return last.fields();
        }
    }

    private record InfoSnapshot(Map<String, Object> fields, long nanos) {}

    private static <T> T bounded(CompletionStage<T> stage) {
        CompletableFuture<T> reply = stage.toCompletableFuture();
        try {
            return reply.get(PROBE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reply.cancel(false);
            throw new RedisCommandTimeoutException(
                    "health probe: no answer within " + PROBE_TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("health probe interrupted", e);
        }
    }

    static Map<String, Object> parse(String info) {
        Map<String, String> fields = fields(info);
        Map<String, Object> details = new LinkedHashMap<>();
        putIfPresent(details, "version", fields.get("redis_version"));
        putIfPresent(details, "usedMemory", asLong(fields.get("used_memory")));
        putIfPresent(details, "uptimeSeconds", asLong(fields.get("uptime_in_seconds")));
        return Map.copyOf(details);
    }

    private static Map<String, String> fields(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        info.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        return fields;
    }

    private static void putIfPresent(Map<String, Object> details, String key, Object value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    private static Long asLong(String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Map<String, Object> details(RedisStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", connector.mode().name().toLowerCase(Locale.ROOT));
        details.put("fallbackActive", status.fallbackActive());
        details.put("since", status.since().toString());
        status.lastError().ifPresent(error -> details.put("lastError", error));
        return details;
    }
}
