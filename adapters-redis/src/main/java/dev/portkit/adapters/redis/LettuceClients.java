package dev.portkit.adapters.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How portkit sets Lettuce up for production, whatever the topology: short timeouts, fail fast while
 * disconnected, reconnect in the background with a capped exponential back-off, TCP keepalive, a
 * client name, credentials and TLS with certificate and host name verification; and on a Cluster, a
 * topology refresh tuned for fast failover.
 */
final class LettuceClients {

    private static final Logger log = LoggerFactory.getLogger(LettuceClients.class);
    private static final Duration FIRST_RECONNECT_DELAY = Duration.ofMillis(50);

    /**
     * A Cluster's topology is refreshed at once when a command meets a moved slot, an unknown node or
     * a node it cannot reconnect to after one attempt, at most once per this interval. Lettuce's
     * default (30 s, and 5 reconnect attempts) left clients failing ~9 s after a master was killed
     * here, against ~2.2 s for the Cluster itself to fail over; see docs/redis-topologies.md.
     */
    static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofSeconds(1);

    /** And every this often anyway, to notice promotions and new nodes while no command fails. */
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(10);

    private LettuceClients() {}

    /** Thread pools, reconnect back-off and latency recording of one client; shut down with it. */
    static ClientResources resources(RedisSettings settings, CommandLatencyRecorder latencyRecorder) {
        return ClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        FIRST_RECONNECT_DELAY, settings.reconnectMaxDelay(), 2, TimeUnit.MILLISECONDS))
                .commandLatencyRecorder(latencyRecorder)
                .build();
    }

    /**
     * The address of a standalone Redis or of a Sentinel-monitored primary, with credentials, timeout,
     * client name and TLS. The password goes to the data nodes; Sentinels are asked without one.
     */
    static RedisURI uri(RedisSettings settings) {
        RedisEndpoint endpoint = settings.endpoint();
        RedisURI.Builder builder;
        if (endpoint.mode() == RedisEndpoint.Mode.SENTINEL) {
            RedisEndpoint.Node first = endpoint.nodes().get(0);
            builder = RedisURI.Builder.sentinel(
                    first.host(), first.port(), endpoint.masterName().orElseThrow());
            endpoint.nodes().stream().skip(1).forEach(node -> builder.withSentinel(node.host(), node.port()));
        } else {
            RedisEndpoint.Node node = endpoint.nodes().get(0);
            builder = RedisURI.Builder.redis(node.host(), node.port());
        }
        builder.withDatabase(endpoint.database());
        return configure(builder, settings);
    }

    /** The seed nodes of a Cluster, each with credentials, timeout, client name and TLS. */
    static List<RedisURI> seeds(RedisSettings settings) {
        return settings.endpoint().nodes().stream()
                .map(node -> configure(RedisURI.Builder.redis(node.host(), node.port()), settings))
                .toList();
    }

    private static RedisURI configure(RedisURI.Builder builder, RedisSettings settings) {
        builder.withTimeout(settings.commandTimeout()).withClientName(settings.clientName());
        settings.password().ifPresent(password -> {
            if (settings.username().isPresent()) {
                builder.withAuthentication(settings.username().get(), password);
            } else {
                builder.withPassword(password.toCharArray());
            }
        });
        if (settings.usesTls()) {
            builder.withSsl(true)
                    .withVerifyPeer(
                            switch (settings.tls().verify()) {
                                case FULL -> SslVerifyMode.FULL;
                                case CA -> SslVerifyMode.CA;
                                case NONE -> SslVerifyMode.NONE;
                            });
        }
        return builder.build();
    }

    /** Options of a standalone or Sentinel client. */
    static ClientOptions options(RedisSettings settings) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(socketOptions(settings))
                .sslOptions(sslOptions(settings))
                .build();
    }

    /**
     * Options of a Cluster client: the same, and the topology refresh of fast failover. Lettuce 7.7 marks the
     * adaptive trigger methods deprecated without a replacement in this builder; the failover times measured
     * in docs/redis-topologies.md depend on them, so they stay until Lettuce offers another way.
     */
    @SuppressWarnings("deprecation")
    static ClusterClientOptions clusterOptions(RedisSettings settings) {
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(socketOptions(settings))
                .sslOptions(sslOptions(settings))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT)
                        .refreshTriggersReconnectAttempts(1)
                        .enablePeriodicRefresh(PERIODIC_REFRESH)
                        .build())
                .build();
    }

    private static SocketOptions socketOptions(RedisSettings settings) {
        return SocketOptions.builder()
                .connectTimeout(settings.connectTimeout())
                .keepAlive(true)
                .build();
    }

    private static SslOptions sslOptions(RedisSettings settings) {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        if (settings.usesTls()) {
            settings.tls().caFile().ifPresent(ca -> ssl.trustManager(ca.toFile()));
            if (settings.tls().verify() == RedisSettings.Verify.NONE) {
                log.warn("Redis TLS certificate verification is off: the server is not authenticated");
            }
        }
        return ssl.build();
    }
}
