package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCacheSettings;
import dev.portkit.adapters.redis.RedisSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's configuration: read from environment variables once at start-up, validated, then
 * immutable. See the README's configuration table for every variable.
 *
 * @param adapter the adapters in use, never {@link AdapterChoice#AUTO}
 * @param http how the HTTP server listens
 * @param redis how to reach Redis; present exactly when {@code adapter} is {@link AdapterChoice#REDIS}
 * @param cache the in-memory cache: the cache itself, or the fallback while Redis is down
 * @param redisBreaker when the Redis adapters give up on Redis and how soon they probe it again
 * @param redisCache how the Redis cache stores entries and degrades (used with Redis only)
 * @param sessions session lifetime, the session cookie, login limits and users
 */
public record PortkitConfig(
        AdapterChoice adapter,
        HttpSettings http,
        Optional<RedisSettings> redis,
        CaffeineCacheSettings cache,
        RedisBreakerSettings redisBreaker,
        RedisCacheSettings redisCache,
        SessionConfig sessions) {

    public PortkitConfig {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(redisBreaker, "redisBreaker");
        Objects.requireNonNull(redisCache, "redisCache");
        Objects.requireNonNull(sessions, "sessions");
        if (adapter == AdapterChoice.AUTO || redis.isPresent() != (adapter == AdapterChoice.REDIS)) {
            throw new IllegalArgumentException("adapter " + adapter + " does not match redis settings " + redis);
        }
    }

    /** Default session settings (no users). */
    public PortkitConfig(
            AdapterChoice adapter,
            HttpSettings http,
            Optional<RedisSettings> redis,
            CaffeineCacheSettings cache,
            RedisBreakerSettings redisBreaker,
            RedisCacheSettings redisCache) {
        this(adapter, http, redis, cache, redisBreaker, redisCache, SessionConfig.defaults());
    }

    /** Default cache, breaker, Redis cache and session settings. */
    public PortkitConfig(AdapterChoice adapter, HttpSettings http, Optional<RedisSettings> redis) {
        this(
                adapter,
                http,
                redis,
                CaffeineCacheSettings.ofEntries(CacheVariables.DEFAULT_MAX_ENTRIES),
                RedisBreakerSettings.DEFAULTS,
                RedisCacheSettings.withPrefix(
                        redis.map(RedisSettings::keyPrefix).orElse(RedisSettings.DEFAULT_KEY_PREFIX)));
    }

    /**
     * Parses and validates the environment.
     *
     * @throws ConfigException naming the first invalid variable
     */
    public static PortkitConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        HttpSettings http = new HttpSettings(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("PORT", 8080, 1, 65_535),
                env.integer("HTTP_MAX_BODY_BYTES", 64 * 1024, 1, Integer.MAX_VALUE),
                virtualThreads(env),
                env.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(10)));

        AdapterChoice adapter = env.choice("CACHE_ADAPTER", AdapterChoice.AUTO);
        Optional<RedisSettings> redis = RedisVariables.parse(env);
        CaffeineCacheSettings cache = CacheVariables.inMemory(env);
        RedisBreakerSettings breaker = RedisVariables.breaker(env);
        RedisCacheSettings redisCache = CacheVariables.redis(
                env, redis.map(RedisSettings::keyPrefix).orElseGet(() -> RedisVariables.keyPrefix(env)));
        SessionConfig sessions = SessionVariables.parse(env);
        return switch (adapter) {
            case MEMORY ->
                new PortkitConfig(AdapterChoice.MEMORY, http, Optional.empty(), cache, breaker, redisCache, sessions);
            case REDIS ->
                new PortkitConfig(
                        AdapterChoice.REDIS,
                        http,
                        Optional.of(redis.orElseThrow(() -> env.invalid(
                                "CACHE_ADAPTER",
                                "redis",
                                "redis needs REDIS_URL (redis://host:port or rediss://...) or REDIS_HOST"))),
                        cache,
                        breaker,
                        redisCache,
                        sessions);
            case AUTO ->
                new PortkitConfig(
                        redis.isPresent() ? AdapterChoice.REDIS : AdapterChoice.MEMORY,
                        http,
                        redis,
                        cache,
                        breaker,
                        redisCache,
                        sessions);
        };
    }

    /** {@code auto} runs handlers on virtual threads where the JDK has them (21+). */
    private static boolean virtualThreads(Env env) {
        boolean available = Runtime.version().feature() >= 21;
        return switch (env.choice("HTTP_VIRTUAL_THREADS", Toggle.AUTO)) {
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
