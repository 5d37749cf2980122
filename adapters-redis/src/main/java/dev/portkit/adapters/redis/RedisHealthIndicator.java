package dev.portkit.adapters.redis;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reports Redis as {@link HealthStatus#UP} when a {@code PING} answers within {@link #PROBE_TIMEOUT},
 * and as {@link HealthStatus#DEGRADED} while the service serves from its fallbacks (the shared
 * {@link RedisCircuit} is open) or the {@code PING} fails: the service still serves, without Redis.
 *
 * <p>Details: {@code fallbackActive}, {@code since}, {@code lastError} (never a secret) and, when
 * up, {@code latencyMs}, {@code keyPrefix} and, from {@code INFO server} and {@code INFO memory},
 * {@code version}, {@code mode}, {@code usedMemory} and {@code uptimeSeconds}. The check is cheap
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

    private final RedisCircuit circuit;
    private final RedisConnector connector;
    private final String keyPrefix;
    private final Object infoLock = new Object();
    /** The last {@code INFO} fields and when they were asked for; empty before the first probe. */
    private final AtomicReference<InfoSnapshot> info = new AtomicReference<>();

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
            bounded(connector.strings().async().ping());
        } catch (RuntimeException e) {
            Map<String, Object> details = details(circuit.status());
            details.put("lastError", RedisCircuit.describe(e));
            return new Health(HealthStatus.DEGRADED, details);
        }
        long micros = (System.nanoTime() - start) / 1_000;
        Map<String, Object> details = details(circuit.status());
        details.put("latencyMs", micros / 1000.0);
        details.putAll(info());
        details.put("keyPrefix", keyPrefix);
        return new Health(HealthStatus.UP, details);
    }

    /** The cached {@code INFO} fields; one caller refreshes them when stale, the others wait. */
    private Map<String, Object> info() {
        synchronized (infoLock) {
            InfoSnapshot last = info.get();
            if (last == null || System.nanoTime() - last.nanos() >= INFO_MAX_AGE.toNanos()) {
                long nanos = System.nanoTime();
                Map<String, Object> fields;
                try {
                    fields = parse(bounded(connector.strings().async().info("server"))
                            + bounded(connector.strings().async().info("memory")));
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

    private static <T> T bounded(RedisFuture<T> reply) {
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
        Map<String, String> fields = new LinkedHashMap<>();
        info.lines().filter(line -> !line.startsWith("#")).forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        });
        Map<String, Object> details = new LinkedHashMap<>();
        putIfPresent(details, "version", fields.get("redis_version"));
        putIfPresent(details, "mode", fields.get("redis_mode"));
        putIfPresent(details, "usedMemory", asLong(fields.get("used_memory")));
        putIfPresent(details, "uptimeSeconds", asLong(fields.get("uptime_in_seconds")));
        return Map.copyOf(details);
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

    private static Map<String, Object> details(RedisStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fallbackActive", status.fallbackActive());
        details.put("since", status.since().toString());
        status.lastError().ifPresent(error -> details.put("lastError", error));
        return details;
    }
}
