package dev.portkit.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.Javalin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The yardstick of {@code scripts/load-test}: a bare Javalin 7 server on 127.0.0.1, so that
 * portkit's start-up time, memory and throughput can be compared with what the framework and the
 * raw clients alone cost on the same machine. Routes:
 *
 * <ul>
 *   <li>{@code GET /health/live}: a fixed JSON string;
 *   <li>{@code GET /caffeine/{id}}: the JSON stored under {@code id} in a Caffeine cache, filled with
 *       ids {@code 0} to {@code ITEMS-1} at start-up;
 *   <li>{@code GET /redis/{id}}: the value of key {@code bare:{id}}, by a Lettuce synchronous
 *       {@code GET} on one shared connection, when {@code REDIS_URL} is set (the script sets those
 *       keys). It connects on the first such request, so start-up is Javalin's alone.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.portkit.benchmarks.BareJavalin PORT
 * [ITEMS]}. Virtual threads as {@code HTTP_VIRTUAL_THREADS} says ({@code true}/{@code false}; by
 * default as in portkit: off).
 */
public final class BareJavalin {

    private BareJavalin() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8080");
        int items = Integer.parseInt(args.length > 1 ? args[1] : "500");
        boolean virtualThreads = Boolean.parseBoolean(System.getenv("HTTP_VIRTUAL_THREADS"));
        Cache<String, String> caffeine =
                Caffeine.newBuilder().maximumSize(10_000).build();
        for (int i = 0; i < items; i++) {
            caffeine.put(Integer.toString(i), "{\"id\":\"" + i + "\",\"data\":{\"title\":\"event " + i + "\"}}");
        }
        boolean redis = System.getenv("REDIS_URL") != null;
        Javalin.create(config -> {
                    config.jetty.host = "127.0.0.1";
                    config.jetty.port = port;
                    config.concurrency.useVirtualThreads = virtualThreads;
                    config.startup.showJavalinBanner = false;
                    config.routes.get(
                            "/health/live",
                            ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
                    config.routes.get("/caffeine/{id}", ctx -> {
                        String json = caffeine.getIfPresent(ctx.pathParam("id"));
                        ctx.contentType("application/json").status(json == null ? 404 : 200);
                        ctx.result(json == null ? "{}" : json);
                    });
                    if (redis) {
                        config.routes.get("/redis/{id}", ctx -> {
                            String json = Redis.SYNC.get("bare:" + ctx.pathParam("id"));
                            ctx.contentType("application/json").status(json == null ? 404 : 200);
                            ctx.result(json == null ? "{}" : json);
                        });
                    }
                })
                .start();
    }

    /** Connects on first use (the JVM's lazy, thread-safe class initialisation). */
    private static final class Redis {
        static final RedisCommands<String, String> SYNC =
                RedisClient.create(System.getenv("REDIS_URL")).connect().sync();
    }
}
