package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.redis.LettuceClients;
import dev.portkit.adapters.redis.RedisHealthIndicator;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.bootstrap.config.PortkitConfig;
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
    @IntoSet
    static HealthIndicator provideRedisHealth(StatefulRedisConnection<String, String> connection) {
        return new RedisHealthIndicator(connection);
    }
}
