package dev.portkit.adapters.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Lettuce clients set up for production: short timeouts, fail fast while disconnected,
 * reconnect in the background with a capped exponential back-off, TCP keepalive, a client name,
 * credentials and TLS with certificate and host name verification.
 */
public final class LettuceClients {

    private static final Logger log = LoggerFactory.getLogger(LettuceClients.class);
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(50);

    private LettuceClients() {}

    /**
     * A client for the configured Redis. Commands issued while disconnected fail at once instead of
     * queueing (Lettuce's default would hold them until its 60 s timeout). {@code shutdown()} also
     * stops the client's own thread pools.
     */
    public static RedisClient create(RedisSettings settings) {
        return create(settings, CommandLatencyRecorder.disabled());
    }

    /**
     * {@link #create(RedisSettings)}, with the latency of every command reported to {@code
     * latencyRecorder} (e.g. Lettuce's {@code MicrometerCommandLatencyRecorder}).
     */
    public static RedisClient create(RedisSettings settings, CommandLatencyRecorder latencyRecorder) {
        Objects.requireNonNull(latencyRecorder, "latencyRecorder");
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        uri.setClientName(settings.clientName());
        settings.password().ifPresent(password -> {
            if (settings.username().isPresent()) {
                uri.setAuthentication(settings.username().get(), password);
            } else {
                uri.setAuthentication(password);
            }
        });
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        if (settings.usesTls()) {
            uri.setSsl(true);
            uri.setVerifyPeer(
                    switch (settings.tls().verify()) {
                        case FULL -> SslVerifyMode.FULL;
                        case CA -> SslVerifyMode.CA;
                        case NONE -> SslVerifyMode.NONE;
                    });
            settings.tls().caFile().ifPresent(ca -> ssl.trustManager(ca.toFile()));
            if (settings.tls().verify() == RedisSettings.Verify.NONE) {
                log.warn("Redis TLS certificate verification is off: the server is not authenticated");
            }
        }
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        FIRST_RECONNECT_DELAY, settings.reconnectMaxDelay(), 2, TimeUnit.MILLISECONDS))
                .commandLatencyRecorder(latencyRecorder)
                .build();
        RedisClient client = new OwningRedisClient(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.connectTimeout())
                        .keepAlive(true)
                        .build())
                .sslOptions(ssl.build())
                .build());
        return client;
    }

    /** A client that owns its resources: shutting it down also shuts them down. */
    private static final class OwningRedisClient extends RedisClient {

        private final ClientResources resources;

        OwningRedisClient(ClientResources resources, RedisURI uri) {
            super(resources, uri);
            this.resources = resources;
        }

        @Override
        public CompletableFuture<Void> shutdownAsync(long quietPeriod, long timeout, TimeUnit timeUnit) {
            return super.shutdownAsync(quietPeriod, timeout, timeUnit).thenCompose(done -> {
                CompletableFuture<Void> resourcesDone = new CompletableFuture<>();
                resources.shutdown(quietPeriod, timeout, timeUnit).addListener(future -> resourcesDone.complete(null));
                return resourcesDone;
            });
        }
    }
}
