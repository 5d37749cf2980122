package dev.portkit.bootstrap.metrics;

import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Objects;

/**
 * Counts, per limit (an API route group such as {@code content-read}, or a login limit):
 *
 * <ul>
 *   <li>{@code portkit_ratelimit_rejections_total{limit}}: attempts refused for being over the limit
 *       (429);
 *   <li>{@code portkit_ratelimit_unavailable_total{limit}}: attempts that could not be counted
 *       because the limiter's store was down and the limit's fallback is open or closed.
 * </ul>
 *
 * The counters of the limits in use exist from the start, at 0, so that a dashboard or an alert sees
 * them before the first refusal. Otherwise delegates.
 */
public final class MeteredRateLimiter implements RateLimiter {

    private final RateLimiter delegate;
    private final MeterRegistry registry;

    /**
     * @param known the limits in use, whose counters are registered at once
     */
    public MeteredRateLimiter(RateLimiter delegate, MeterRegistry registry, Collection<RateLimit> known) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        known.forEach(limit -> {
            rejections(limit);
            unavailable(limit);
        });
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        RateLimitResult result;
        try {
            result = delegate.tryAcquire(limit, key);
        } catch (RateLimiterUnavailableException e) {
            unavailable(limit).increment();
            throw e;
        }
        if (!result.allowed()) {
            rejections(limit).increment();
        }
        return result;
    }

    private Counter rejections(RateLimit limit) {
        return Counter.builder("portkit.ratelimit.rejections")
                .description("Requests refused for being over a rate limit")
                .tag("limit", limit.name())
                .register(registry);
    }

    private Counter unavailable(RateLimit limit) {
        return Counter.builder("portkit.ratelimit.unavailable")
                .description(
                        "Requests a rate limit could not count because its store was down (fallback open or closed)")
                .tag("limit", limit.name())
                .register(registry);
    }
}
