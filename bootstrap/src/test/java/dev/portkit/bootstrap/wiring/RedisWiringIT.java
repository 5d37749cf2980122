package dev.portkit.bootstrap.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisCache;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.bootstrap.Api;
import dev.portkit.bootstrap.TestEnvironment;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import dev.portkit.testsupport.openapi.Exchange;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis component starts while Redis is down, serves degraded, and picks Redis up when it comes. */
class RedisWiringIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final CacheNamespace ARTICLES = CacheNamespace.of("articles", Duration.ofMinutes(1));

    @Test
    void startsDegradedWithoutRedisAndRecoversByItself() throws Exception {
        redis.server().stop();
        PortkitConfig config = PortkitConfig.fromEnvironment(TestEnvironment.onRedis(
                redis.environment(RedisExtension.Topology.STANDALONE),
                "REDIS_CONNECT_TIMEOUT",
                "1s",
                "REDIS_CLIENT_NAME",
                "portkit-wiring-it",
                "CACHE_MAX_ENTRIES",
                "1000",
                "REDIS_BREAKER_MIN_CALLS",
                "3",
                "REDIS_BREAKER_OPEN_WAIT",
                "500ms"));

        Portkit portkit = Components.create(config);
        PortkitService service = portkit.service();
        int port = service.start();
        try {
            String degraded = health(port);
            assertTrue(degraded.contains("\"DEGRADED\""), degraded);
            assertTrue(degraded.contains("\"fallbackActive\":true"), degraded);

            Cache cache = portkit.cache();
            assertInstanceOf(RedisCache.class, cache);
            cache.put(ARTICLES, "a1", "v1", Codec.utf8());
            assertEquals(Optional.of("v1"), cache.get(ARTICLES, "a1", Codec.utf8()), "served by the fallback");

            redis.server().start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String up = health(port);
            while (!up.contains("\"fallbackActive\":false") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                up = health(port);
            }
            assertTrue(up.contains("\"fallbackActive\":false") && up.contains("\"UP\""), up);
        } finally {
            service.stop();
        }
    }

    /**
     * {@code GET /health} over HTTP/1.0, so that the server closes the connection: an idle
     * keep-alive connection (java.net.http keeps one) makes Jetty's graceful stop time out.
     */
    private static String health(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write("GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200") || response.startsWith("HTTP/1.0 200"), response);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            Map<String, List<String>> headers = new HashMap<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>())
                            .add(line.substring(colon + 1).strip());
                }
            }
            Api.CONTRACT.check(new Exchange(
                    "GET", "/health", Map.of(), null, 200, headers, body.getBytes(StandardCharsets.UTF_8)));
            return body;
        }
    }
}
