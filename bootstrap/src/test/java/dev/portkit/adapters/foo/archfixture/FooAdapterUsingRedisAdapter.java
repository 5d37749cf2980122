package dev.portkit.adapters.foo.archfixture;

import dev.portkit.adapters.redis.RedisUris;
import java.net.URI;

/** Violates the rules on purpose: an adapter module added later (adapters-foo) uses another adapter. */
public final class FooAdapterUsingRedisAdapter {
    public static String show(URI uri) {
        return RedisUris.redact(uri);
    }
}
