package dev.portkit.adapters.redis;

import dev.portkit.domain.cache.SingleFlight;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ConnectionIntent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * The process's shared Redis connections, for a standalone Redis, a Sentinel-monitored primary or a
 * Redis Cluster alike: adapters program against the command interfaces the three share ({@link
 * RedisClusterCommands}, {@link RedisClusterAsyncCommands}, {@link StatefulRedisPubSubConnection}),
 * so each has one code path. On a Cluster, Lettuce routes each command to the node that owns its
 * keys' slot; on Sentinel, it asks the Sentinels where the primary is, again after a failover.
 *
 * <p>Connections open on first use rather than at start-up, so that the service starts (degraded)
 * while Redis is down. Once open, a connection reconnects by itself and rejects commands while
 * disconnected. Only one connect attempt per connection runs at a time; callers arriving meanwhile
 * share its outcome. Call the accessors inside {@link RedisCircuit#call} so that failures count;
 * while the circuit is open only its probe gets here, so requests never wait on a connect. Lettuce
 * connections are thread-safe and pipeline concurrent commands: share them.
 *
 * <p><b>Cluster node connections are opened ahead.</b> Lettuce connects to a Cluster node on the
 * first command for one of its slots, and with commands rejected while disconnected (which keeps
 * requests from waiting on Redis) it rejects that first command. So the connector connects to every
 * master when it connects, and again to the new ones whenever the topology changes (a failover
 * promotes a replica), in the background.
 *
 * <p><b>Commands without a key</b> go, on a Cluster, to one node Lettuce picked at connect time, and
 * stay there while it hangs. So the few the service sends ({@link #ping()}, {@link #publish}, {@link
 * #server()}) go through the connector instead, to the master of the current topology: every master
 * for a ping, the master of the channel's slot for a publish (classic pub/sub reaches every node
 * from any node).
 *
 * <p><b>A node that hangs</b> (alive but silent: SIGSTOP, a frozen VM) is never seen to disconnect, so
 * Lettuce would keep sending to it. When a command times out, the connector checks (at most once
 * per {@link LettuceClients#ADAPTIVE_REFRESH_TIMEOUT}, without waiting): on a Cluster it refreshes the
 * topology, so that slots the Cluster has moved to a promoted replica are used there; on Sentinel it
 * asks the Sentinels for the primary and, if it is another than the one the connections were opened
 * to, replaces them.
 *
 * <p>{@link #close()} closes the connections, then the client and its thread pools.
 */
public final class RedisConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

    private final RedisEndpoint.Mode mode;
    private final AbstractRedisClient client;
    private final ClientResources resources;
    /** The standalone or Sentinel address; null on a Cluster. */
    private final RedisURI uri;
    /** Callers arriving during a connect attempt share its outcome instead of starting their own. */
    private final SingleFlight<Object> attempts = new SingleFlight<>();

    private volatile Connection<String, String> strings;
    private volatile Connection<byte[], byte[]> bytes;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile StatefulRedisSentinelConnection<String, String> sentinel;
    /** Sentinel mode: the primary's address when the data connections were opened, or null. */
    private volatile String connectedMaster;

    private final AtomicLong nextTimeoutCheck = new AtomicLong(System.nanoTime());
    private final Duration connectTimeout;
    /** Cluster mode: the subscription to topology changes, to connect to new masters ahead. */
    private volatile Disposable topologyChanges;

    private RedisConnector(
            RedisEndpoint.Mode mode,
            AbstractRedisClient client,
            ClientResources resources,
            RedisURI uri,
            Duration connectTimeout) {
        this.mode = mode;
        this.client = client;
        this.resources = resources;
        this.uri = uri;
        this.connectTimeout = connectTimeout;
        if (mode == RedisEndpoint.Mode.CLUSTER) {
            topologyChanges = resources.eventBus().get().subscribe(event -> {
                if (event instanceof ClusterTopologyChangedEvent) {
                    connectToMastersAhead();
                }
            });
        }
        if (mode != RedisEndpoint.Mode.STANDALONE) {
            client.addListener(new CommandListener() {
                @Override
                public void commandFailed(CommandFailedEvent event) {
                    if (event.getCause() instanceof RedisCommandTimeoutException) {
                        onTimeout();
                    }
                }
            });
        }
    }

    /** Connections to the configured Redis; nothing connects yet. */
    public static RedisConnector open(RedisSettings settings) {
        return open(settings, CommandLatencyRecorder.disabled());
    }

    /**
     * {@link #open(RedisSettings)}, with the latency of every command reported to {@code
     * latencyRecorder} (e.g. Lettuce's {@code MicrometerCommandLatencyRecorder}).
     */
    public static RedisConnector open(RedisSettings settings, CommandLatencyRecorder latencyRecorder) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(latencyRecorder, "latencyRecorder");
        ClientResources resources = LettuceClients.resources(settings, latencyRecorder);
        RedisEndpoint.Mode mode = settings.endpoint().mode();
        if (mode == RedisEndpoint.Mode.CLUSTER) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, LettuceClients.seeds(settings));
            cluster.setOptions(LettuceClients.clusterOptions(settings));
            return new RedisConnector(mode, cluster, resources, null, settings.connectTimeout());
        }
        RedisURI uri = LettuceClients.uri(settings);
        RedisClient single = RedisClient.create(resources, uri);
        single.setOptions(LettuceClients.options(settings));
        return new RedisConnector(mode, single, resources, uri, settings.connectTimeout());
    }

    /** The topology these connections reach. */
    public RedisEndpoint.Mode mode() {
        return mode;
    }

    /**
     * Commands with string keys and values.
     *
     * @throws RedisConnectionException if Redis cannot be reached now
     */
    public RedisClusterCommands<String, String> strings() {
        return stringConnection().sync();
    }

    /** {@link #strings()}, asynchronous: for commands to send together, or to wait on with a bound. */
    public RedisClusterAsyncCommands<String, String> stringsAsync() {
        return stringConnection().async();
    }

    /** Commands with binary keys and values. */
    public RedisClusterCommands<byte[], byte[]> bytes() {
        return byteConnection().sync();
    }

    /** {@link #bytes()}, asynchronous. */
    public RedisClusterAsyncCommands<byte[], byte[]> bytesAsync() {
        return byteConnection().async();
    }

    /**
     * The connection for subscriptions (string channels and messages). Lettuce subscribes its
     * channels again after a reconnect. On a Cluster it is connected to one node; classic pub/sub
     * messages reach every node, so any node will do.
     *
     * @throws RedisConnectionException if Redis cannot be reached now
     */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        StatefulRedisPubSubConnection<String, String> connection = pubSub;
        if (connection == null) {
            connection = attempts.run(Attempt.PUB_SUB, () -> {
                StatefulRedisPubSubConnection<String, String> current = pubSub;
                if (current == null) {
                    current = client instanceof RedisClusterClient cluster
                            ? cluster.connectPubSub()
                            : ((RedisClient) client).connectPubSub(uri);
                    pubSub = current;
                }
                return current;
            });
        }
        return connection;
    }

    /**
     * Closes the subscription connection if it is still {@code stale}, so that {@link #pubSub()}
     * opens a new one: for a connection to a node that hangs (alive, but silent), which Lettuce never
     * sees disconnect. On Sentinel the new one finds the current primary; on a Cluster, another node.
     */
    public void replacePubSub(StatefulRedisPubSubConnection<String, String> stale) {
        synchronized (this) {
            if (pubSub != stale) {
                return;
            }
            pubSub = null;
        }
        stale.closeAsync();
    }

    /**
     * A connection to the Sentinels, opened on first use, to ask them where the primary is; only in
     * Sentinel mode.
     *
     * @throws IllegalStateException in another mode
     */
    public StatefulRedisSentinelConnection<String, String> sentinel() {
        if (mode != RedisEndpoint.Mode.SENTINEL) {
            throw new IllegalStateException("no Sentinels in " + mode + " mode");
        }
        StatefulRedisSentinelConnection<String, String> connection = sentinel;
        if (connection == null) {
            connection = attempts.run(Attempt.SENTINEL, () -> {
                StatefulRedisSentinelConnection<String, String> current = sentinel;
                if (current == null) {
                    current = ((RedisClient) client).connectSentinel(uri);
                    sentinel = current;
                }
                return current;
            });
        }
        return connection;
    }

    /** The name Sentinel monitors the primary under; only in Sentinel mode. */
    public String sentinelMasterName() {
        if (mode != RedisEndpoint.Mode.SENTINEL) {
            throw new IllegalStateException("no Sentinels in " + mode + " mode");
        }
        return uri.getSentinelMasterId();
    }

    /**
     * Whether Redis serves: a {@code PING} answered by the server, by the current primary (Sentinel),
     * or by every master of the current topology (Cluster). For the circuit's probe.
     *
     * @throws io.lettuce.core.RedisException if Redis does not answer in time
     */
    public void ping() {
        RedisFutures.await(pingAsync());
    }

    /** {@link #ping()}, without waiting. */
    public CompletableFuture<Void> pingAsync() {
        try {
            if (!(client instanceof RedisClusterClient)) {
                return stringsAsync().ping().toCompletableFuture().thenApply(pong -> null);
            }
            StatefulRedisClusterConnection<String, String> cluster = clusterStrings();
            List<CompletableFuture<String>> pings = new ArrayList<>();
            for (RedisClusterNode master : servingMasters(cluster)) {
                pings.add(cluster.getConnectionAsync(
                                master.getUri().getHost(), master.getUri().getPort(), ConnectionIntent.WRITE)
                        .thenCompose(node -> node.async().ping()));
            }
            if (pings.isEmpty()) {
                return CompletableFuture.failedFuture(new RedisException("no master serves the Cluster's slots"));
            }
            return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Publishes {@code message} on {@code channel} (classic pub/sub): on a Cluster through the master of
     * the channel's slot, whose messages reach subscribers on every node.
     */
    public CompletableFuture<Long> publish(String channel, String message) {
        return server(SlotHash.getSlot(channel)).thenCompose(node -> node.publish(channel, message));
    }

    /**
     * Commands for the server itself ({@code INFO}, {@code CLUSTER INFO}, {@code PING}): the server, the
     * current primary, or on a Cluster the current master of slot 0.
     */
    public CompletableFuture<RedisClusterAsyncCommands<String, String>> server() {
        return server(0);
    }

    private CompletableFuture<RedisClusterAsyncCommands<String, String>> server(int slot) {
        try {
            if (!(client instanceof RedisClusterClient)) {
                return CompletableFuture.completedFuture(stringsAsync());
            }
            StatefulRedisClusterConnection<String, String> cluster = clusterStrings();
            RedisClusterNode master = cluster.getPartitions().getMasterBySlot(slot);
            if (master == null) {
                return CompletableFuture.failedFuture(new RedisException("no master serves slot " + slot));
            }
            return cluster.getConnectionAsync(
                            master.getUri().getHost(), master.getUri().getPort(), ConnectionIntent.WRITE)
                    .thenApply(StatefulRedisConnection::async);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private StatefulRedisClusterConnection<String, String> clusterStrings() {
        return stringConnection().cluster();
    }

    /** The masters that serve slots and are not flagged failing, in the current topology. */
    private static List<RedisClusterNode> servingMasters(StatefulRedisClusterConnection<?, ?> connection) {
        List<RedisClusterNode> masters = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)
                    && !node.getSlots().isEmpty()
                    && !node.is(RedisClusterNode.NodeFlag.FAIL)
                    && !node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)) {
                masters.add(node);
            }
        }
        return masters;
    }

    /** Lets {@code listener} see every command sent, e.g. for tests that hold a command back. */
    public void addListener(CommandListener listener) {
        client.addListener(listener);
    }

    private Connection<String, String> stringConnection() {
        Connection<String, String> connection = strings;
        if (connection == null) {
            connection = attempts.run(StringCodec.UTF8, () -> {
                Connection<String, String> current = strings;
                if (current == null) {
                    current = connect(StringCodec.UTF8);
                    strings = current;
                }
                return current;
            });
        }
        return connection;
    }

    private Connection<byte[], byte[]> byteConnection() {
        Connection<byte[], byte[]> connection = bytes;
        if (connection == null) {
            connection = attempts.run(ByteArrayCodec.INSTANCE, () -> {
                Connection<byte[], byte[]> current = bytes;
                if (current == null) {
                    current = connect(ByteArrayCodec.INSTANCE);
                    bytes = current;
                }
                return current;
            });
        }
        return connection;
    }

    /** The one place that knows which client it is: both kinds of connection give the same commands. */
    private <K, V> Connection<K, V> connect(RedisCodec<K, V> codec) {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<K, V> connection = cluster.connect(codec);
            awaitQuietly(connectToMasters(connection), connectTimeout);
            return new Connection<>(connection, connection.sync(), connection.async(), connection);
        }
        StatefulRedisConnection<K, V> connection = ((RedisClient) client).connect(codec, uri);
        if (mode == RedisEndpoint.Mode.SENTINEL && connectedMaster == null) {
            currentMaster().thenAccept(master -> {
                synchronized (this) {
                    if (connectedMaster == null) {
                        connectedMaster = master;
                    }
                }
            });
        }
        return new Connection<>(connection, connection.sync(), connection.async(), null);
    }

    /** Connects both cluster connections to every master they have no connection to yet, without waiting. */
    private void connectToMastersAhead() {
        for (Connection<?, ?> connection : new Connection<?, ?>[] {strings, bytes}) {
            if (connection != null && connection.cluster() != null) {
                connectToMasters(connection.cluster());
            }
        }
    }

    /** Opens (or finds) the write connection to every master, as slot routing will use them. */
    private static CompletableFuture<Void> connectToMasters(StatefulRedisClusterConnection<?, ?> connection) {
        List<CompletableFuture<?>> connects = new ArrayList<>();
        for (RedisClusterNode node : servingMasters(connection)) {
            {
                RedisURI address = node.getUri();
                connects.add(connection
                        .getConnectionAsync(address.getHost(), address.getPort(), ConnectionIntent.WRITE)
                        .exceptionally(failure -> null)); // a master that is down: its commands fail until it is back
            }
        }
        return CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new));
    }

    private static void awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the connections that did not open are retried by the next command or topology change
        }
    }

    /** Sentinel mode: where the Sentinels say the primary is now, {@code host:port}. */
    private CompletableFuture<String> currentMaster() {
        try {
            return sentinel()
                    .async()
                    .getMasterAddrByName(uri.getSentinelMasterId())
                    .toCompletableFuture()
                    .thenApply(String::valueOf);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A command timed out: the node may hang; see the class comment. Never blocks the caller. */
    private void onTimeout() {
        long now = System.nanoTime();
        long next = nextTimeoutCheck.get();
        if (now - next < 0
                || !nextTimeoutCheck.compareAndSet(next, now + LettuceClients.ADAPTIVE_REFRESH_TIMEOUT.toNanos())) {
            return;
        }
        if (client instanceof RedisClusterClient cluster) {
            cluster.refreshPartitionsAsync();
        } else if (mode == RedisEndpoint.Mode.SENTINEL) {
            ForkJoinPool.commonPool()
                    .execute(() -> currentMaster().thenAccept(master -> {
                        String known = connectedMaster;
                        if (known != null && !known.equals(master)) {
                            replaceDataConnections(master);
                        }
                    }));
        }
    }

    /** Closes the data connections, so that the next command opens new ones (to {@code master}). */
    private void replaceDataConnections(String master) {
        Connection<String, String> s;
        Connection<byte[], byte[]> b;
        synchronized (this) {
            s = strings;
            b = bytes;
            strings = null;
            bytes = null;
            connectedMaster = master;
        }
        log.warn("Redis Sentinel moved the primary to {}; reconnecting to it", master);
        if (s != null) {
            s.stateful().closeAsync();
        }
        if (b != null) {
            b.stateful().closeAsync();
        }
    }

    /** Closes the connections, then shuts the client and its thread pools down. */
    @Override
    public void close() {
        Disposable changes = topologyChanges;
        if (changes != null) {
            changes.dispose();
        }
        closeQuietly(pubSub);
        closeQuietly(sentinel);
        Connection<String, String> s = strings;
        Connection<byte[], byte[]> b = bytes;
        if (s != null) {
            closeQuietly(s.stateful());
        }
        if (b != null) {
            closeQuietly(b.stateful());
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static void closeQuietly(StatefulConnection<?, ?> connection) {
        if (connection != null) {
            connection.close();
        }
    }

    /** @param cluster the same connection as a Cluster connection, or null for standalone and Sentinel */
    private record Connection<K, V>(
            StatefulConnection<K, V> stateful,
            RedisClusterCommands<K, V> sync,
            RedisClusterAsyncCommands<K, V> async,
            StatefulRedisClusterConnection<K, V> cluster) {}

    /** The single-flight keys of the connections that have no codec of their own. */
    private enum Attempt {
        PUB_SUB,
        SENTINEL
    }
}
