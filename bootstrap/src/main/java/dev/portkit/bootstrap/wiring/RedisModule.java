package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.redis.LettuceClients;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCache;
import dev.portkit.adapters.redis.RedisCacheSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisHealthIndicator;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.health.HealthIndicator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import javax.inject.Singleton;

/** Binds the domain ports to the Redis adapters (Lettuce). */
@Module
public interface RedisModule {

    @Provides
    static RedisSettings provideRedisSettings(PortkitConfig config) {
        return config.redis().orElseThrow(() -> new IllegalStateException("Redis wiring without REDIS_URL"));
    }

    @Provides
    @Singleton
    static RedisClient provideRedisClient(RedisSettings settings) {
        return LettuceClients.create(settings);
    }

    /** One shared connection: Lettuce connections are thread-safe and pipeline concurrent commands. */
    @Provides
    @Singleton
    static StatefulRedisConnection<String, String> provideConnection(RedisClient client) {
        return client.connect();
    }

    @Provides
    @IntoSet
    static AutoCloseable provideClientShutdown(RedisClient client) {
        return client::shutdown;
    }

    @Provides
    @Singleton
    static RedisConnector provideRedisConnector(RedisClient client) {
        return new RedisConnector(client);
    }

    @Provides
    @Singleton
    static RedisCircuit provideRedisCircuit(RedisConnector connector) {
        return new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> connector.strings().sync().ping());
    }

    @Provides
    @IntoSet
    static AutoCloseable provideCircuitShutdown(RedisCircuit circuit) {
        return circuit;
    }

    @Provides
    @IntoSet
    static AutoCloseable provideConnectorShutdown(RedisConnector connector) {
        return connector;
    }

    /** Redis, degrading to Caffeine while Redis is unavailable. */
    @Provides
    @Singleton
    static Cache provideCache(RedisConnector connector, RedisCircuit circuit, RedisSettings settings) {
        return new RedisCache(
                connector,
                circuit,
                new CaffeineCache(CaffeineCacheSettings.ofEntries(10_000)),
                RedisCacheSettings.withPrefix(settings.keyPrefix()));
    }

    @Provides
    @IntoSet
    static HealthIndicator provideRedisHealth(StatefulRedisConnection<String, String> connection) {
        return new RedisHealthIndicator(connection);
    }
}
