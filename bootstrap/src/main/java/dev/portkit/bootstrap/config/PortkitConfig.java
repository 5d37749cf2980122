package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCacheSettings;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.application.content.ContentTypes;
import dev.portkit.application.inventory.InventorySettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's configuration: read from environment variables once at start-up, validated, then
 * immutable. docs/configuration.md lists every variable.
 *
 * @param adapter the adapters in use, never {@link AdapterChoice#AUTO}
 * @param http how the HTTP server listens
 * @param redis how to reach Redis; present exactly when {@code adapter} is {@link AdapterChoice#REDIS}
 * @param inventory how the inventory use cases lock a sku
 * @param cache the in-memory cache: the cache itself, or the fallback while Redis is down
 * @param redisBreaker when the Redis adapters give up on Redis and how soon they probe it again
 * @param redisCache how the Redis cache stores entries and degrades (used with Redis only)
 * @param sessions session lifetime, the session cookie, login limits and users
 * @param content the content types and their cache TTLs
 * @param database where content, stock, sessions and users are kept
 * @param rateLimits the API's rate limits per route group
 */
public record PortkitConfig(
        AdapterChoice adapter,
        HttpSettings http,
        Optional<RedisSettings> redis,
        InventorySettings inventory,
        CaffeineCacheSettings cache,
        RedisBreakerSettings redisBreaker,
        RedisCacheSettings redisCache,
        SessionConfig sessions,
        ContentTypes content,
        DatabaseConfig database,
        RateLimitConfig rateLimits) {

    public PortkitConfig {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(redisBreaker, "redisBreaker");
        Objects.requireNonNull(redisCache, "redisCache");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(rateLimits, "rateLimits");
        if (adapter == AdapterChoice.AUTO || redis.isPresent() != (adapter == AdapterChoice.REDIS)) {
            throw new IllegalArgumentException("adapter " + adapter + " does not match redis settings " + redis);
        }
    }

    /**
     * Parses and validates the environment.
     *
     * @throws ConfigException naming the first invalid variable
     */
    public static PortkitConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        LogSettings.parse(env); // checked with the rest; Main applies it (LogSettings.fromEnvironment)
        HttpSettings http = HttpVariables.parse(env, virtualThreads(env));

        ContentTypes content = ContentConfig.read(env);

        AdapterChoice adapter = env.choice("CACHE_ADAPTER", AdapterChoice.AUTO);
        Optional<RedisSettings> redis = RedisVariables.parse(env);
        InventorySettings inventory = inventory(env);
        CaffeineCacheSettings cache = CacheVariables.inMemory(env);
        RedisBreakerSettings breaker = RedisVariables.breaker(env);
        RedisCacheSettings redisCache = CacheVariables.redis(
                env, redis.map(RedisSettings::keyPrefix).orElseGet(() -> RedisVariables.keyPrefix(env)));
        SessionConfig sessions = SessionVariables.parse(env);
        DatabaseConfig database = DatabaseVariables.parse(env);
        RateLimitConfig rateLimits = RateLimitVariables.parse(env);
        return switch (adapter) {
            case MEMORY ->
                new PortkitConfig(
                        AdapterChoice.MEMORY,
                        http,
                        Optional.empty(),
                        inventory,
                        cache,
                        breaker,
                        redisCache,
                        sessions,
                        content,
                        database,
                        rateLimits);
            case REDIS ->
                new PortkitConfig(
                        AdapterChoice.REDIS,
                        http,
                        Optional.of(redis.orElseThrow(() -> env.invalid(
                                "CACHE_ADAPTER",
                                "redis",
                                "redis needs REDIS_URL (redis://host:port, rediss://... or redis-sentinel://...#master),"
                                        + " REDIS_HOST or REDIS_CLUSTER_NODES"))),
                        inventory,
                        cache,
                        breaker,
                        redisCache,
                        sessions,
                        content,
                        database,
                        rateLimits);
            case AUTO ->
                new PortkitConfig(
                        redis.isPresent() ? AdapterChoice.REDIS : AdapterChoice.MEMORY,
                        http,
                        redis,
                        inventory,
                        cache,
                        breaker,
                        redisCache,
                        sessions,
                        content,
                        database,
                        rateLimits);
        };
    }

    private static InventorySettings inventory(Env env) {
        return new InventorySettings(
                env.duration("INVENTORY_LOCK_LEASE", Duration.ofSeconds(3), Duration.ofMillis(1), Duration.ofHours(1)),
                env.duration("INVENTORY_LOCK_WAIT", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1)));
    }

    /**
     * Off by default: measured on JDK 25 (docs/performance.md), virtual threads did not make cached
     * reads faster, only reads that block on Redis. {@code auto} turns them on where the JDK has
     * them (21+).
     */
    private static boolean virtualThreads(Env env) {
        boolean available = Runtime.version().feature() >= 21;
        return switch (env.choice("HTTP_VIRTUAL_THREADS", Toggle.FALSE)) {
            case AUTO -> available;
            case FALSE -> false;
            case TRUE -> {
                if (!available) {
                    throw env.invalid(
                            "HTTP_VIRTUAL_THREADS",
                            "true",
                            "true needs JDK 21 or newer (this is "
                                    + Runtime.version().feature() + ")");
                }
                yield true;
            }
        };
    }

    private enum Toggle {
        AUTO,
        TRUE,
        FALSE
    }
}
