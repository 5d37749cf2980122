package dev.portkit.testsupport;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/** Lettuce clients that fail fast instead of queueing commands for a minute while Redis is down. */
final class LettuceClients {

    private LettuceClients() {}

    /** The extension's Redis as a Lettuce URI, with its password if it has one. */
    static RedisURI uriOf(RedisServerExtension redis) {
        RedisURI uri = RedisURI.create(redis.uri());
        redis.password().ifPresent(uri::setAuthentication);
        return uri;
    }

    static ClientOptions.Builder failFast() {
        return ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)));
    }

    static RedisClient create(RedisURI uri, ClientOptions options) {
        RedisClient client = RedisClient.create(uri);
        client.setOptions(options);
        return client;
    }

    static RedisClient create(RedisURI uri) {
        return create(uri, failFast().build());
    }
}
