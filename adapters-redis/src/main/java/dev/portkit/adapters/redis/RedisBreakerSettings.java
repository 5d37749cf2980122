package dev.portkit.adapters.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * When the shared {@link RedisCircuit} gives up on Redis and how soon it tries again.
 *
 * @param failureRatePercent the share of failed calls, 1 to 100, that opens the circuit
 * @param minimumCalls how many recent calls must have been made before the rate counts; together
 *     with the short command timeout this decides how fast an outage is detected
 * @param openWait how long the circuit stays open before a probe checks whether Redis is back
 */
public record RedisBreakerSettings(int failureRatePercent, int minimumCalls, Duration openWait) {

    /** 50 % of at least 5 calls; probe after 2 s. Detects an outage within about a second. */
    public static final RedisBreakerSettings DEFAULTS = new RedisBreakerSettings(50, 5, Duration.ofSeconds(2));

    public RedisBreakerSettings {
        Objects.requireNonNull(openWait, "openWait");
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            throw new IllegalArgumentException("failureRatePercent must be 1 to 100, was " + failureRatePercent);
        }
        if (minimumCalls < 1) {
            throw new IllegalArgumentException("minimumCalls must be positive, was " + minimumCalls);
        }
        if (openWait.isNegative() || openWait.isZero()) {
            throw new IllegalArgumentException("openWait must be positive, was " + openWait);
        }
    }
}
