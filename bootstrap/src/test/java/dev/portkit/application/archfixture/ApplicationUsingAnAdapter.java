package dev.portkit.application.archfixture;

import dev.portkit.adapters.redis.RedisUris;
import java.net.URI;

/** Violates the dependency rule on purpose: a use case must not reach into an adapter. */
public final class ApplicationUsingAnAdapter {
    public static String show(URI uri) {
        return RedisUris.redact(uri);
    }
}
