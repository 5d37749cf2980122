package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.ratelimit.InMemoryRateLimiter;
import dev.portkit.adapters.inmemory.session.InMemorySessionStore;
import dev.portkit.adapters.redis.RedisCache;
import dev.portkit.adapters.redis.RedisCacheCoherence;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisHealthIndicator;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.adapters.redis.ratelimit.FallbackRateLimiter;
import dev.portkit.adapters.redis.ratelimit.RedisRateLimiter;
import dev.portkit.adapters.redis.session.FallbackSessionStore;
import dev.portkit.adapters.redis.session.RedisSessionStore;
import dev.portkit.application.content.ContentTypes;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.health.RateLimitHealth;
import dev.portkit.bootstrap.metrics.CacheMetrics;
import dev.portkit.bootstrap.metrics.MeteredLockService;
import dev.portkit.bootstrap.metrics.MeteredRateLimiter;
import dev.portkit.bootstrap.metrics.RedisCircuitMetrics;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheCoherence;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.session.SessionStore;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * Binds the cache, session, lock and rate-limit ports to the Redis adapters (Lettuce); the sources of truth
 * come from the {@link Stores}. Nothing connects at wiring time: the
 * service starts while Redis is down, on the in-memory fallbacks, and picks Redis up when it comes.
 */
@Module
public interface RedisModule {

    @Provides
    static RedisSettings provideRedisSettings(PortkitConfig config) {
        return config.redis().orElseThrow(() -> new IllegalStateException("Redis wiring without REDIS_URL"));
    }

    /**
     * The shared connections to a standalone Redis, a Sentinel-monitored primary or a Cluster, opened
     * on first use; Lettuce connections are thread-safe. Command latency is recorded as count, sum
     * and max per command. Lettuce's default also computes five percentiles in the client on every
     * command, which Prometheus cannot aggregate across instances and which cost measurable
     * throughput on cache reads (docs/performance.md).
     */
    @Provides
    @Singleton
    static RedisConnector provideRedisConnector(RedisSettings settings, MeterRegistry registry) {
        MicrometerOptions options =
                MicrometerOptions.builder().targetPercentiles(new double[0]).build();
        return RedisConnector.open(settings, new MicrometerCommandLatencyRecorder(registry, options));
    }

    /**
     * The one circuit breaker of every Redis adapter. Probed once at start-up so that a Redis that
     * is down puts the service on its fallbacks at once, with one WARN line, instead of failing the
     * first requests.
     */
    @Provides
    @Singleton
    static RedisCircuit provideRedisCircuit(PortkitConfig config, RedisConnector connector) {
        RedisCircuit circuit = new RedisCircuit(config.redisBreaker(), () -> connector.ping());
        circuit.probeNow();
        return circuit;
    }

    /**
     * Redis, degrading to an in-process Caffeine cache while Redis is unavailable, with a near cache
     * (an in-process L1 kept coherent by pub/sub) for the namespaces {@code CACHE_NEAR_NAMESPACES}.
     */
    @Provides
    @Singleton
    static RedisCache provideRedisCache(PortkitConfig config, RedisConnector connector, RedisCircuit circuit) {
        return new RedisCache(connector, circuit, new CaffeineCache(config.cache()), config.redisCache());
    }

    @Provides
    static Cache provideCache(RedisCache cache) {
        return cache;
    }

    /** Changes from the database's feed reach Redis once and then each instance's near cache and fallback. */
    @Provides
    static CacheCoherence provideCacheCoherence(RedisCache cache, RedisCircuit circuit) {
        return new RedisCacheCoherence(cache, circuit);
    }

    /**
     * Sessions from the store's database, with Redis as their cache: a Redis outage logs nobody out. With the
     * in-memory store, sessions in Redis alone; while it is down, new logins go to an in-memory store and are
     * written through to Redis when it returns.
     */
    @Provides
    @Singleton
    static SessionStore provideSessionStore(
            PortkitConfig config,
            @SourceOfTruth Optional<SessionStore> source,
            Cache cache,
            RedisSettings settings,
            RedisConnector connector,
            RedisCircuit circuit) {
        return StoresModule.sessions(
                source,
                cache,
                config,
                () -> new FallbackSessionStore(
                        new RedisSessionStore(
                                connector,
                                settings.keyPrefix(),
                                config.sessions().timeouts()),
                        new InMemorySessionStore(config.sessions().timeouts(), Clock.systemUTC()),
                        circuit));
    }

    /**
     * Rate limits in Redis, with {@code RATE_LIMIT_PREALLOCATE} of a limit leased per call; while
     * Redis is down, each limit does what its fallback says (the login limits count locally).
     */
    @Provides
    @Singleton
    static RateLimiter provideRateLimiter(
            PortkitConfig config,
            RedisSettings settings,
            RedisConnector connector,
            RedisCircuit circuit,
            MeterRegistry registry,
            List<RateLimit> limits) {
        return new MeteredRateLimiter(
                new FallbackRateLimiter(
                        new RedisRateLimiter(
                                connector,
                                settings.keyPrefix(),
                                config.rateLimits().preallocatePercent(),
                                circuit),
                        new InMemoryRateLimiter(Clock.systemUTC())),
                registry,
                limits);
    }

    /** Counted in Redis while the circuit is closed; as each limit's fallback says while it is open. */
    @Provides
    @IntoSet
    static HealthIndicator provideRateLimitHealth(List<RateLimit> limits, RedisCircuit circuit) {
        return new RateLimitHealth(limits, "redis", () -> !circuit.isOpen());
    }

    /** Stops the probe, closes the connections, then the client and its thread pools. */
    @Provides
    @IntoSet
    static AutoCloseable provideRedisShutdown(RedisConnector connector, RedisCircuit circuit) {
        return () -> {
            circuit.close();
            connector.close();
        };
    }

    @Provides
    @IntoSet
    static HealthIndicator provideRedisHealth(RedisSettings settings, RedisCircuit circuit, RedisConnector connector) {
        return new RedisHealthIndicator(circuit, connector, settings.keyPrefix());
    }

    /**
     * Fails closed while Redis is down, never falling back to an in-process lock; fails at once
     * while the shared circuit is open.
     */
    @Provides
    @Singleton
    static LockService provideLockService(
            RedisSettings settings, RedisConnector connector, RedisCircuit circuit, MeterRegistry registry) {
        return new MeteredLockService(
                new RedisLockService(connector, circuit, settings.keyPrefix()), registry, "redis");
    }

    @Provides
    @IntoSet
    static MeterBinder provideCacheMetrics(Cache cache, ContentTypes types) {
        return new CacheMetrics(cache, types.cacheNamespaces(), "redis");
    }

    @Provides
    @IntoSet
    static MeterBinder provideRedisCircuitMetrics(RedisCircuit circuit) {
        return new RedisCircuitMetrics(circuit);
    }
}
