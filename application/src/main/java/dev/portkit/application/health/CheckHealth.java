package dev.portkit.application.health;

import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.CacheStats;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: report whether the service can serve, from every {@link HealthIndicator}, with the
 * counters of the cache namespaces in use.
 */
public final class CheckHealth {

    private final List<HealthIndicator> indicators;
    private final Cache cache;
    private final List<CacheNamespace> namespaces;

    /**
     * @param indicators every check, in report order
     * @param cache the cache whose counters the report shows
     * @param namespaces the namespaces to report, in report order
     */
    public CheckHealth(List<HealthIndicator> indicators, Cache cache, List<CacheNamespace> namespaces) {
        this.indicators = List.copyOf(Objects.requireNonNull(indicators, "indicators"));
        this.cache = Objects.requireNonNull(cache, "cache");
        this.namespaces = List.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    }

    /** Runs every check; the overall status is the worst of them, {@code UP} when there are none. */
    public HealthReport check() {
        Map<String, Health> checks = new LinkedHashMap<>();
        HealthStatus overall = HealthStatus.UP;
        for (HealthIndicator indicator : indicators) {
            Health health = indicator.check();
            checks.put(indicator.name(), health);
            overall = overall.worst(health.status());
        }
        Map<String, CacheReport> caches = new LinkedHashMap<>();
        for (CacheNamespace ns : namespaces) {
            caches.put(ns.name(), CacheReport.of(cache.stats(ns)));
        }
        return new HealthReport(overall, checks, caches);
    }

    /** Runs the one check with this name, if there is one (e.g. {@code redis}). */
    public Optional<Health> check(String name) {
        Objects.requireNonNull(name, "name");
        return indicators.stream()
                .filter(indicator -> indicator.name().equals(name))
                .findFirst()
                .map(HealthIndicator::check);
    }

    /**
     * The counters of one cache namespace in a health report.
     *
     * @param hits lookups served from the cache
     * @param misses lookups that found nothing usable
     * @param hitRate {@code hits / (hits + misses)}, 0 before the first lookup
     */
    public record CacheReport(long hits, long misses, double hitRate) {

        static CacheReport of(CacheStats stats) {
            long lookups = stats.hits() + stats.misses();
            return new CacheReport(stats.hits(), stats.misses(), lookups == 0 ? 0 : (double) stats.hits() / lookups);
        }
    }
}
