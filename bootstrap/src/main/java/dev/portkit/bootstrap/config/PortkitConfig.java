package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.HttpSettings;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.application.content.ContentTypes;
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
 * @param content the content types and their cache TTLs
 */
public record PortkitConfig(
        AdapterChoice adapter, HttpSettings http, Optional<RedisSettings> redis, ContentTypes content) {

    public PortkitConfig {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(content, "content");
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
        HttpSettings http = new HttpSettings(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("PORT", 8080, 1, 65_535),
                env.integer("HTTP_MAX_BODY_BYTES", 64 * 1024, 1, Integer.MAX_VALUE),
                virtualThreads(env),
                env.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(10)));

        ContentTypes content = ContentConfig.read(env);

        AdapterChoice adapter = env.choice("CACHE_ADAPTER", AdapterChoice.AUTO);
        Optional<RedisSettings> redisUri = env.redisUri("REDIS_URL")
                .map(uri -> new RedisSettings(
                        uri,
                        env.duration("REDIS_COMMAND_TIMEOUT", Duration.ofMillis(500)),
                        env.duration("REDIS_CONNECT_TIMEOUT", Duration.ofSeconds(2)),
                        env.string("REDIS_CLIENT_NAME", "portkit")));
        return switch (adapter) {
            case MEMORY -> new PortkitConfig(AdapterChoice.MEMORY, http, Optional.empty(), content);
            case REDIS ->
                new PortkitConfig(
                        AdapterChoice.REDIS,
                        http,
                        Optional.of(redisUri.orElseThrow(() -> env.invalid(
                                "CACHE_ADAPTER",
                                "redis",
                                "redis needs REDIS_URL (redis://host:port or rediss://...)"))),
                        content);
            case AUTO ->
                redisUri.isPresent()
                        ? new PortkitConfig(AdapterChoice.REDIS, http, redisUri, content)
                        : new PortkitConfig(AdapterChoice.MEMORY, http, Optional.empty(), content);
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
