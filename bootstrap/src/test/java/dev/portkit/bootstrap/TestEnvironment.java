package dev.portkit.bootstrap;

import java.util.LinkedHashMap;
import java.util.Map;

/** The service's environment for a test: Redis's variables (from {@code RedisExtension}) and more. */
public final class TestEnvironment {

    private TestEnvironment() {}

    /** {@code base} with {@code nameValuePairs} added (or replaced): {@code "PORT", "0", ...}. */
    public static Map<String, String> of(Map<String, String> base, String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Map<String, String> environment = new LinkedHashMap<>(base);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            environment.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return environment;
    }

    /**
     * The service on Redis ({@code redis}: {@code RedisExtension}'s variables) with its sources of
     * truth in memory, these tests being about Redis, the cache and the wiring: {@code STORE=memory},
     * {@code HTTP_HOST=127.0.0.1}, {@code PORT=0} (the port {@code PortkitService.start()} returns),
     * then {@code nameValuePairs} added or replacing those.
     */
    public static Map<String, String> onRedis(Map<String, String> redis, String... nameValuePairs) {
        return of(of(redis, "STORE", "memory", "HTTP_HOST", "127.0.0.1", "PORT", "0"), nameValuePairs);
    }
}
