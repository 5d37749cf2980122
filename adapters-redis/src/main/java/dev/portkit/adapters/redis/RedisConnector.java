package dev.portkit.adapters.redis;

import dev.portkit.domain.cache.SingleFlight;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The process's shared Redis connections, opened on first use rather than at start-up, so that the
 * service starts (degraded) while Redis is down. Once open, a connection reconnects by itself
 * (Lettuce auto-reconnect) and rejects commands while disconnected.
 *
 * <p>Only one connect attempt per connection runs at a time; callers arriving meanwhile share its
 * outcome. Call the accessors inside {@link RedisCircuit#call} so that failures count; while the
 * circuit is open only its probe gets here, so requests never wait on a connect. Lettuce
 * connections are thread-safe and pipeline concurrent commands: share them.
 */
public final class RedisConnector implements AutoCloseable {

    private final RedisClient client;
    /** Callers arriving during a connect attempt share its outcome instead of starting their own. */
    private final SingleFlight<Object> attempts = new SingleFlight<>();

    private volatile StatefulRedisConnection<String, String> strings;
    private volatile StatefulRedisConnection<byte[], byte[]> bytes;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;

    public RedisConnector(RedisClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * The connection with string keys and values.
     *
     * @throws RedisConnectionException if Redis cannot be reached now
     */
    public StatefulRedisConnection<String, String> strings() {
        StatefulRedisConnection<String, String> connection = strings;
        if (connection == null) {
            connection = connect(StringCodec.UTF8, () -> strings, c -> strings = c);
        }
        return connection;
    }

    /**
     * The connection with binary keys and values.
     *
     * @throws RedisConnectionException if Redis cannot be reached now
     */
    public StatefulRedisConnection<byte[], byte[]> bytes() {
        StatefulRedisConnection<byte[], byte[]> connection = bytes;
        if (connection == null) {
            connection = connect(ByteArrayCodec.INSTANCE, () -> bytes, c -> bytes = c);
        }
        return connection;
    }

    /**
     * The connection for subscriptions (string channels and messages). Lettuce subscribes its
     * channels again after a reconnect.
     *
     * @throws RedisConnectionException if Redis cannot be reached now
     */
    public StatefulRedisPubSubConnection<String, String> pubSub() {
        StatefulRedisPubSubConnection<String, String> connection = pubSub;
        if (connection == null) {
            connection = attempts.run(PubSubAttempt.INSTANCE, () -> {
                StatefulRedisPubSubConnection<String, String> current = pubSub;
                if (current == null) {
                    current = client.connectPubSub();
                    pubSub = current;
                }
                return current;
            });
        }
        return connection;
    }

    private <K, V> StatefulRedisConnection<K, V> connect(
            RedisCodec<K, V> codec,
            Supplier<StatefulRedisConnection<K, V>> current,
            Consumer<StatefulRedisConnection<K, V>> publish) {
        return attempts.run(codec, () -> {
            StatefulRedisConnection<K, V> connection = current.get();
            if (connection == null) {
                connection = client.connect(codec);
                publish.accept(connection);
            }
            return connection;
        });
    }

    /** Closes the connections; the client is shut down separately. */
    @Override
    public void close() {
        StatefulRedisConnection<String, String> s = strings;
        StatefulRedisConnection<byte[], byte[]> b = bytes;
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        if (p != null) {
            p.close();
        }
        if (s != null) {
            s.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** The single-flight key of the pub/sub connection. */
    private enum PubSubAttempt {
        INSTANCE
    }
}
