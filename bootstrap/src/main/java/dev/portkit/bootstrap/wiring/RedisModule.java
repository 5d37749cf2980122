package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.redis.LettuceClients;
import dev.portkit.adapters.redis.RedisHealthIndicator;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.LockService;
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

    /** Fails closed while Redis is down: never falls back to an in-process lock. */
    @Provides
    @Singleton
    static LockService provideLockService(StatefulRedisConnection<String, String> connection) {
        return new RedisLockService(connection);
    }

    /**
     * Stock stays in memory: the example has no database. With several instances each counts its
     * own stock; a fork binds a database adapter that passes {@code StockStoreContract} here.
     */
    @Provides
    @Singleton
    static StockStore provideStockStore() {
        return new InMemoryStockStore();
    }
}
