package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.lock.InMemoryLockService;
import dev.portkit.adapters.inmemory.ratelimit.InMemoryRateLimiter;
import dev.portkit.adapters.inmemory.session.InMemorySessionStore;
import dev.portkit.application.content.ContentTypes;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.health.RateLimitHealth;
import dev.portkit.bootstrap.metrics.CacheMetrics;
import dev.portkit.bootstrap.metrics.MeteredLockService;
import dev.portkit.bootstrap.metrics.MeteredRateLimiter;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheCoherence;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/**
 * Binds the cache, session, lock and rate-limit ports to the in-process adapters: one instance, nothing to
 * install. The sources of truth come from the {@link Stores}.
 */
@Module
public interface InMemoryModule {

    @Provides
    @Singleton
    static Cache provideCache(PortkitConfig config) {
        return new CaffeineCache(config.cache());
    }

    /** The cache is this process's alone: a change from the feed invalidates it. */
    @Provides
    static CacheCoherence provideCacheCoherence(Cache cache) {
        return CacheCoherence.processLocal(cache);
    }

    /**
     * Sessions from the store's database served through the in-memory cache; with the in-memory store, kept
     * in memory alone.
     */
    @Provides
    @Singleton
    static SessionStore provideSessionStore(
            PortkitConfig config, @SourceOfTruth Optional<SessionStore> source, Cache cache) {
        return StoresModule.sessions(
                source,
                cache,
                config,
                () -> new InMemorySessionStore(config.sessions().timeouts(), Clock.systemUTC()));
    }

    @Provides
    @Singleton
    static RateLimiter provideRateLimiter(MeterRegistry registry, List<RateLimit> limits) {
        return new MeteredRateLimiter(new InMemoryRateLimiter(Clock.systemUTC()), registry, limits);
    }

    /** Rate limits are counted in this process: always available, never shared. */
    @Provides
    @IntoSet
    static HealthIndicator provideRateLimitHealth(List<RateLimit> limits) {
        return new RateLimitHealth(limits, "memory", () -> true);
    }

    /** Resources to close at shutdown: the in-memory adapters hold none. */
    @Provides
    @ElementsIntoSet
    static Set<AutoCloseable> provideNoResources() {
        return Set.of();
    }

    /** Locks within this process only: right for one instance, no protection across several. */
    @Provides
    @Singleton
    static LockService provideLockService(MeterRegistry registry) {
        return new MeteredLockService(new InMemoryLockService(), registry, "in-memory");
    }

    @Provides
    @IntoSet
    static MeterBinder provideCacheMetrics(Cache cache, ContentTypes types) {
        return new CacheMetrics(cache, types.cacheNamespaces(), "caffeine");
    }

    /** {@code GET /health/redis} answers 200 {@code DISABLED}: Redis is not used. */
    @Provides
    @IntoSet
    static HealthIndicator provideRedisDisabled() {
        return new HealthIndicator() {
            @Override
            public String name() {
                return "redis";
            }

            @Override
            public Health check() {
                return new Health(HealthStatus.DISABLED, Map.of("adapter", "in-memory"));
            }
        };
    }
}
