package dev.portkit.adapters.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;

/**
 * Creates Lettuce clients set up for production: short timeouts, fail fast while disconnected,
 * reconnect in the background.
 */
public final class LettuceClients {

    private LettuceClients() {}

    /**
     * A client for the configured Redis. Commands issued while disconnected fail at once instead of
     * queueing (Lettuce's default would hold them until its 60 s timeout).
     */
    public static RedisClient create(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        uri.setClientName(settings.clientName());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.connectTimeout())
                        .keepAlive(true)
                        .build())
                .build());
        return client;
    }
}
