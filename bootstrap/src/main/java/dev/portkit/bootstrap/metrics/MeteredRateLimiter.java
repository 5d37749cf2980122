package dev.portkit.bootstrap.metrics;

import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/** Counts denied permits as {@code portkit_ratelimit_rejections_total{limit}}; else delegates. */
public final class MeteredRateLimiter implements RateLimiter {

    private final RateLimiter delegate;
    private final MeterRegistry registry;

    public MeteredRateLimiter(RateLimiter delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        RateLimitResult result = delegate.tryAcquire(limit, key);
        if (!result.allowed()) {
            Counter.builder("portkit.ratelimit.rejections")
                    .description("Requests denied by a rate limit")
                    .tag("limit", limit.name())
                    .register(registry)
                    .increment();
        }
        return result;
    }
}
