package dev.portkit.bootstrap.health;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.ratelimit.RateLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The {@code ratelimit} check of {@code /health}: every limit in use, its fallback, and how it is
 * enforced right now ({@code active}): in the shared store ({@code redis}), in this process ({@code
 * memory} on the in-memory adapters), or, while the store is down, as its fallback says ({@code
 * local}, {@code open}, {@code closed}). UP while the store answers, DEGRADED while it does not.
 *
 * <pre>{@code
 * "ratelimit": {"status": "UP", "details": {"store": "redis", "limits": {
 *     "content-read": {"limit": "600/1m", "fallback": "local", "active": "redis"}, ...}}}
 * }</pre>
 */
public final class RateLimitHealth implements HealthIndicator {

    private final List<RateLimit> limits;
    private final String store;
    private final BooleanSupplier storeAvailable;

    /**
     * @param limits every limit in use, in report order
     * @param store what counts them, e.g. {@code redis}
     * @param storeAvailable whether the store answers now (e.g. the Redis circuit is closed)
     */
    public RateLimitHealth(List<RateLimit> limits, String store, BooleanSupplier storeAvailable) {
        this.limits = List.copyOf(limits);
        this.store = Objects.requireNonNull(store, "store");
        this.storeAvailable = Objects.requireNonNull(storeAvailable, "storeAvailable");
    }

    @Override
    public String name() {
        return "ratelimit";
    }

    @Override
    public Health check() {
        boolean available = storeAvailable.getAsBoolean();
        Map<String, Object> byName = new LinkedHashMap<>();
        for (RateLimit limit : limits) {
            String fallback = limit.fallback().name().toLowerCase(Locale.ROOT);
            byName.put(
                    limit.name(),
                    Map.of(
                            "limit",
                            limit.permits() + "/" + format(limit.window()),
                            "fallback",
                            fallback,
                            "active",
                            available ? store : fallback));
        }
        return new Health(
                available ? HealthStatus.UP : HealthStatus.DEGRADED, Map.of("store", store, "limits", byName));
    }

    /** {@code 1m}, {@code 90s}, {@code 250ms}: the largest unit that divides the window. */
    static String format(Duration window) {
        long millis = window.toMillis();
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
