package dev.portkit.bootstrap.metrics;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The counters of {@link Cache#stats} as {@code portkit_cache_<event>_total{namespace,adapter}}:
 * hits, misses, loads, load failures, errors and evictions, read when Prometheus scrapes.
 */
public final class CacheMetrics implements MeterBinder {

    private final Cache cache;
    private final List<CacheNamespace> namespaces;
    private final String adapter;

    /**
     * @param namespaces the namespaces to expose
     * @param adapter the cache adapter in use, as the {@code adapter} tag (e.g. {@code redis})
     */
    public CacheMetrics(Cache cache, List<CacheNamespace> namespaces, String adapter) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.namespaces = List.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
        this.adapter = Objects.requireNonNull(adapter, "adapter");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (CacheNamespace ns : namespaces) {
            counter(registry, ns, "hits", "Lookups served from the cache", CacheStats::hits);
            counter(registry, ns, "misses", "Lookups that found nothing usable", CacheStats::misses);
            counter(registry, ns, "loads", "Loader runs that completed", CacheStats::loads);
            counter(registry, ns, "load.failures", "Loader runs that threw", CacheStats::loadFailures);
            counter(registry, ns, "errors", "Failures of the cache itself, absorbed", CacheStats::errors);
            counter(registry, ns, "evictions", "Entries evicted for size", CacheStats::evictions);
        }
    }

    private void counter(
            MeterRegistry registry,
            CacheNamespace ns,
            String event,
            String description,
            ToLongFunction<CacheStats> value) {
        FunctionCounter.builder("portkit.cache." + event, cache, c -> value.applyAsLong(c.stats(ns)))
                .description(description)
                .tag("namespace", ns.name())
                .tag("adapter", adapter)
                .register(registry);
    }
}
