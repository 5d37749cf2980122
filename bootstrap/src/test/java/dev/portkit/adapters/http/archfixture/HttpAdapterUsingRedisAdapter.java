package dev.portkit.adapters.http.archfixture;

import dev.portkit.adapters.redis.RedisUris;
import dev.portkit.bootstrap.config.PortkitConfig;
import java.net.URI;

/** Violates the rules on purpose: adapters never use each other, nor bootstrap. */
public final class HttpAdapterUsingRedisAdapter {
    public static String show(URI uri) {
        return RedisUris.redact(uri);
    }

    public static boolean usesBootstrap(PortkitConfig config) {
        return config.redis().isPresent();
    }
}
