package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.ratelimit.RouteGroup;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitFallback;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The API's rate limits ({@code RATE_LIMITS}, {@code RATE_LIMIT_FALLBACK}, {@code
 * RATE_LIMIT_PREALLOCATE}).
 *
 * @param groups the limit of each limited route group, named after it and carrying its fallback;
 *     a group without one is unlimited
 * @param fallbacks what each group does while Redis is down, whether limited or not
 * @param preallocatePercent the largest share of a limit one instance leases from Redis at once
 */
public record RateLimitConfig(
        Map<RouteGroup, RateLimit> groups, Map<RouteGroup, RateLimitFallback> fallbacks, int preallocatePercent) {

    /**
     * While Redis is down: reads, writes and sessions count locally (throttling goes on, per
     * instance); reservations are refused, as the lock they need is unavailable too.
     */
    public static final Map<RouteGroup, RateLimitFallback> DEFAULT_FALLBACKS = byGroup(Map.of(
            RouteGroup.CONTENT_READ, RateLimitFallback.LOCAL,
            RouteGroup.CONTENT_WRITE, RateLimitFallback.LOCAL,
            RouteGroup.RESERVATION, RateLimitFallback.CLOSED,
            RouteGroup.SESSIONS, RateLimitFallback.LOCAL));

    public RateLimitConfig {
        groups = byGroup(Objects.requireNonNull(groups, "groups"));
        fallbacks = byGroup(Objects.requireNonNull(fallbacks, "fallbacks"));
        if (fallbacks.size() != RouteGroup.values().length) {
            throw new IllegalArgumentException("every group needs a fallback: " + fallbacks);
        }
        for (Map.Entry<RouteGroup, RateLimit> group : groups.entrySet()) {
            RateLimit limit = group.getValue();
            if (!limit.name().equals(group.getKey().id()) || limit.fallback() != fallbacks.get(group.getKey())) {
                throw new IllegalArgumentException(
                        "the limit of " + group.getKey().id() + " is " + limit);
            }
        }
        if (preallocatePercent < 0 || preallocatePercent > RateLimitVariables.MAX_PREALLOCATE_PERCENT) {
            throw new IllegalArgumentException("preallocatePercent must be 0-10, was " + preallocatePercent);
        }
    }

    /** No group limited; the default fallbacks; 1 % pre-allocation. */
    public static RateLimitConfig defaults() {
        return new RateLimitConfig(Map.of(), DEFAULT_FALLBACKS, RateLimitVariables.DEFAULT_PREALLOCATE_PERCENT);
    }

    /** An unmodifiable copy in the groups' order. */
    private static <V> Map<RouteGroup, V> byGroup(Map<RouteGroup, V> values) {
        EnumMap<RouteGroup, V> copy = new EnumMap<>(RouteGroup.class);
        copy.putAll(values);
        return Collections.unmodifiableMap(copy);
    }
}
