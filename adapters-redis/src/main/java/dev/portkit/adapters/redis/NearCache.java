package dev.portkit.adapters.redis;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process L1 of {@link RedisCache}: raw payloads read from Redis, kept for a short while and
 * dropped when any instance changes them.
 *
 * <h2>Coherence</h2>
 *
 * Every write, delete and invalidation that {@code RedisCacheStore} makes in Redis is followed by a
 * {@code PUBLISH} on {@code {prefix}cache:invalidations} (see {@link #keyMessage} and {@link
 * #namespaceMessage}); every instance subscribes on its own pub/sub connection and hands what the
 * others changed to its {@link Changes} (which evicts here, and detaches running loads). The
 * writing instance evicts its own L1 synchronously ({@link #evictKey}) <em>after</em> the change
 * is in Redis, so a read racing the write cannot put the old value back, and skips its own
 * messages. Pub/sub was preferred to {@code CLIENT TRACKING}: it needs no RESP3 nor a redirect
 * connection, works through proxies, and the same messages carry namespace invalidations, which
 * are a generation increment that tracking would only see as one key.
 *
 * <h2>Staleness window</h2>
 *
 * After a write through one instance returns, another instance serves the old value at most until
 * the invalidation message arrives (normally well under a millisecond on a LAN) and in any case no
 * longer than {@link NearCacheSettings#ttl()}: every entry expires after that TTL (or the Redis
 * entry's remaining TTL, if shorter), so even a lost message, or a connection that died without
 * the client noticing, cannot keep a stale value longer. So the window is {@code min(message
 * delay, near TTL)}.
 *
 * <h2>When the channel drops, hangs, or is denied</h2>
 *
 * The L1 is used only while the subscription is confirmed, its connection is open and it is heard
 * from: a disconnect empties it; Lettuce reconnects and subscribes again, and the confirmation
 * empties it once more (messages sent while disconnected are lost), before the L1 is used again.
 * A node that hangs (alive but silent, e.g. SIGSTOP, a frozen VM) keeps its connection open without
 * any disconnect, and its subscription hears nothing: so, while reads come, each instance publishes
 * a heartbeat ({@code {instance}|h}, which versions before it ignore) every {@link
 * #heartbeatInterval()}, and any message heard counts. After {@link #silenceLimit()} without one the
 * L1 is emptied and not used, and the subscription is moved to a new connection (on Sentinel, to the
 * current primary; on a Cluster, to another node) until it is heard from again. {@link RedisCache}
 * does not use the L1 while its circuit is open and empties it at the start of each outage. If
 * Redis refuses the subscription (an ACL user without the channel, Redis 7's default for new users)
 * the L1 stays unused, reads go to Redis, one ERROR line says what to grant, and the subscription
 * is tried again every second. An instance that cannot {@code PUBLISH} (see {@code
 * RedisCacheStore}) still reads its own writes; the others then see its changes only when their
 * copies expire, within the same TTL bound.
 *
 * <h2>Races</h2>
 *
 * A read from Redis that was in flight when an eviction happened must not put the old value into
 * the L1 afterwards: every eviction increments a counter (one per stripe of keys, one per
 * namespace, one for {@link #clear()}), and a read notes the counters before asking Redis. Its
 * result is stored only if its key's counter has not moved, checked atomically with the store (in
 * the map's {@code compute}, which an eviction's removal of the key waits for), so that no reader
 * ever sees it once an eviction that followed the read has begun. Namespace invalidations and clears
 * are O(1): an entry read before its namespace's counter or the clear count moved is a miss.
 *
 * <p>Thread-safe. Connects its subscription lazily, on first use while Redis is reachable.
 */
final class NearCache {

    private static final Logger log = LoggerFactory.getLogger(NearCache.class);
    private static final long RETRY_SUBSCRIBE_NANOS = Duration.ofSeconds(1).toNanos();
    private static final String HEARTBEAT = "h";
    private static final long NONE = Long.MIN_VALUE;
    private static final String SEPARATOR = "|";
    private static final int STRIPES = 1024;

    /** What another instance changed, as its message says. */
    interface Changes {

        void keyChanged(String namespace, String key);

        void namespaceChanged(String namespace);

        /** A message this instance cannot read: anything may have changed. */
        void anythingChanged();
    }

    private final NearCacheSettings settings;
    private final RedisConnector connector;
    private final Changes changes;
    private final String channel;
    private final String instanceId = UUID.randomUUID().toString();
    private final com.github.benmanes.caffeine.cache.Cache<Key, Entry> entries;
    /** Incremented by every eviction of a key hashing to the stripe; see the class comment. */
    private final AtomicLongArray keyEvictions = new AtomicLongArray(STRIPES);
    /** Incremented by every invalidation of the namespace. */
    private final ConcurrentHashMap<String, AtomicLong> namespaceEpochs = new ConcurrentHashMap<>();
    /** Incremented by every {@link #clear()}. */
    private final AtomicLong clears = new AtomicLong();

    private volatile boolean subscribed;
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private final AtomicLong nextSubscribeAttempt = new AtomicLong(System.nanoTime());
    private final AtomicBoolean refusalReported = new AtomicBoolean();
    private final AtomicBoolean silenceReported = new AtomicBoolean();
    private final long heartbeatNanos;
    private final long silenceNanos;
    /** When a message (or the subscription's confirmation) was last heard, on {@link System#nanoTime()}. */
    private volatile long lastHeard = System.nanoTime();
    /** When the oldest heartbeat not heard back yet was published; {@link #NONE} if there is none. */
    private final AtomicLong unansweredSince = new AtomicLong(NONE);

    private final AtomicLong nextHeartbeat = new AtomicLong(System.nanoTime());

    /** @param changes receives what other instances changed */
    NearCache(NearCacheSettings settings, RedisConnector connector, String keyPrefix, Changes changes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.channel = channel(keyPrefix);
        this.heartbeatNanos = heartbeatInterval(settings.ttl()).toNanos();
        this.silenceNanos = 3 * heartbeatNanos;
        this.entries = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfter(Expiry.writing((Key key, Entry entry) -> entry.lifetime()))
                .build();
    }

    /**
     * How often an instance that serves reads publishes a heartbeat: a quarter of the near TTL,
     * from 50 ms to 500 ms, so that a dead subscription is noticed well within the TTL.
     */
    static Duration heartbeatInterval(Duration nearTtl) {
        Duration quarter = nearTtl.dividedBy(4);
        Duration floor = Duration.ofMillis(50);
        Duration ceiling = Duration.ofMillis(500);
        return quarter.compareTo(floor) < 0 ? floor : quarter.compareTo(ceiling) > 0 ? ceiling : quarter;
    }

    /** This near cache's heartbeat interval. */
    Duration heartbeatInterval() {
        return Duration.ofNanos(heartbeatNanos);
    }

    /** How long the subscription may be silent before the L1 stops being used: three heartbeats. */
    Duration silenceLimit() {
        return Duration.ofNanos(silenceNanos);
    }

    /** The channel of the invalidation messages of caches under {@code keyPrefix}. */
    static String channel(String keyPrefix) {
        return keyPrefix + "cache:invalidations";
    }

    /** This instance's message for a changed key; its own messages are skipped on receipt. */
    String keyMessage(String namespace, String key) {
        return instanceId + SEPARATOR + "k" + SEPARATOR + namespace + SEPARATOR + key;
    }

    /** This instance's message for a namespace whose L1 entries must all go. */
    String namespaceMessage(String namespace) {
        return instanceId + SEPARATOR + "n" + SEPARATOR + namespace;
    }

    /**
     * What Redis holds for the key, from the L1 when it holds it (the payload, generation and entry
     * header, enough for a load to store over), else from {@code redis} (which may throw),
     * remembered for next time.
     */
    RedisCacheStore.Found read(String namespace, String key, Supplier<RedisCacheStore.Found> redis) {
        if (!usable(namespace)) {
            return redis.get();
        }
        Key k = new Key(namespace, key);
        AtomicLong namespaceEpoch = namespaceEpoch(namespace);
        Entry cached = entries.getIfPresent(k);
        if (cached != null && cached.namespaceEpoch() == namespaceEpoch.get() && cached.clears() == clears.get()) {
            return cached.found();
        }
        int stripe = stripe(k);
        long keyEvictionsBefore = keyEvictions.get(stripe);
        long namespaceEpochBefore = namespaceEpoch.get();
        long clearsBefore = clears.get();
        long startNanos = System.nanoTime();
        RedisCacheStore.Found found = redis.get();
        if (found.payload() != null && found.ttlMillis() > 0) {
            long lifetime = Math.min(
                    settings.ttl().toNanos(),
                    Duration.ofMillis(found.ttlMillis()).toNanos());
            RedisCacheStore.Found kept =
                    new RedisCacheStore.Found(found.generation(), found.payload(), found.ttlMillis(), found.seen());
            Entry entry = new Entry(kept, namespaceEpochBefore, clearsBefore, startNanos + lifetime);
            // Kept only if the key was not evicted while we read (the payload may be old). Checked
            // inside compute(), which evictKey()'s removal of the key waits for: an entry is never
            // visible to another reader, even briefly, once an eviction that followed our read began.
            // (Namespace invalidations and clears are also checked when an entry is read.)
            entries.asMap()
                    .compute(
                            k,
                            (unused, current) -> unchanged(
                                            stripe,
                                            keyEvictionsBefore,
                                            namespaceEpoch,
                                            namespaceEpochBefore,
                                            clearsBefore)
                                    ? entry
                                    : current);
        }
        return found;
    }

    /** Whether no eviction that concerns a read begun with these counters has happened since. */
    private boolean unchanged(
            int stripe,
            long keyEvictionsBefore,
            AtomicLong namespaceEpoch,
            long namespaceEpochBefore,
            long clearsBefore) {
        return keyEvictions.get(stripe) == keyEvictionsBefore
                && namespaceEpoch.get() == namespaceEpochBefore
                && clears.get() == clearsBefore
                && healthy(System.nanoTime());
    }

    /** Drops this instance's entry for the key; call after changing it in Redis. */
    void evictKey(String namespace, String key) {
        Key k = new Key(namespace, key);
        keyEvictions.incrementAndGet(stripe(k));
        entries.invalidate(k);
    }

    /** Drops this instance's entries of the namespace, in O(1): they no longer match its epoch. */
    void evictNamespace(String namespace) {
        namespaceEpoch(namespace).incrementAndGet();
    }

    /** Drops every entry: the invalidation messages may have been missed. */
    void clear() {
        clears.incrementAndGet();
        entries.invalidateAll();
    }

    /** Whether the namespace has a near cache at all. */
    boolean covers(String namespace) {
        return settings.covers(namespace);
    }

    /** Entries currently held; for tests. */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** Subscribes now rather than on first use; for tests. */
    void subscribeNow() {
        nextSubscribeAttempt.set(System.nanoTime());
        subscribe();
    }

    /** Whether the subscription is confirmed, open and heard from: whether the L1 may be used. */
    boolean listening() {
        return healthy(System.nanoTime());
    }

    private boolean healthy(long now) {
        StatefulRedisPubSubConnection<String, String> c = connection;
        return subscribed && c != null && c.isOpen() && !silent(now);
    }

    /** Whether a heartbeat published longer than the silence limit ago has not been heard since. */
    private boolean silent(long now) {
        long since = unansweredSince.get();
        return since != NONE && lastHeard - since < 0 && now - since >= silenceNanos;
    }

    private boolean usable(String namespace) {
        if (!settings.covers(namespace)) {
            return false;
        }
        long now = System.nanoTime();
        heartbeat(now);
        if (healthy(now)) {
            return true;
        }
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (subscribed && c != null && c.isOpen()) {
            gaveUpOn(c); // confirmed and open, but silent: a hung node
        }
        subscribe();
        return false;
    }

    /**
     * Publishes a heartbeat if the last is older than the interval; never waits, never counts for
     * the circuit (a failure simply means no heartbeat is heard, and the L1 goes off).
     */
    private void heartbeat(long now) {
        long next = nextHeartbeat.get();
        if (!subscribed || now - next < 0 || !nextHeartbeat.compareAndSet(next, now + heartbeatNanos)) {
            return;
        }
        try {
            // pending from now, published or not: if this instance cannot publish, the others' invalidations
            // may well not get through either
            unansweredSince.compareAndSet(NONE, now);
            connector.publish(channel, instanceId + SEPARATOR + HEARTBEAT);
        } catch (RuntimeException e) {
            log.debug("near cache cannot publish its heartbeat", e);
        }
    }

    /** The subscription went silent: empty the L1 and move the subscription to a new connection. */
    private void gaveUpOn(StatefulRedisPubSubConnection<String, String> silent) {
        synchronized (this) {
            if (connection != silent) {
                return;
            }
            subscribed = false;
            connection = null;
        }
        unansweredSince.set(NONE);
        clear();
        if (silenceReported.compareAndSet(false, true)) {
            log.warn(
                    "Near cache invalidations on {} not heard for over {} ms: the near cache is off until a new"
                            + " subscription is heard from",
                    channel,
                    silenceLimit().toMillis());
        }
        connector.replacePubSub(silent);
        nextSubscribeAttempt.set(System.nanoTime());
    }

    private AtomicLong namespaceEpoch(String namespace) {
        return namespaceEpochs.computeIfAbsent(namespace, n -> new AtomicLong());
    }

    private static int stripe(Key key) {
        return Math.floorMod(key.hashCode(), STRIPES);
    }

    /**
     * Subscribes while not subscribed, at most every few seconds (Lettuce itself subscribes again
     * after a reconnect; this covers a first attempt that failed or was refused).
     */
    private void subscribe() {
        long next = nextSubscribeAttempt.get();
        long now = System.nanoTime();
        if (now - next < 0 || !nextSubscribeAttempt.compareAndSet(next, now + RETRY_SUBSCRIBE_NANOS)) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> c = connection;
            if (c == null) {
                c = connector.pubSub();
                c.addListener(new Listener());
                c.addListener(new StateListener());
                connection = c;
            }
            StatefulRedisPubSubConnection<String, String> subscribing = c;
            c.async().subscribe(channel).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    reportRefusal(failure);
                    if (RedisCircuit.isOutage(failure) && subscribing.isOpen()) {
                        gaveUpOn(subscribing); // e.g. a connection to a node that hangs: try another
                    }
                }
            });
        } catch (RuntimeException e) {
            log.debug("near cache cannot subscribe to its invalidations yet", e);
        }
    }

    /** A refused subscription (no channel permission) is a misconfiguration: say so once. */
    private void reportRefusal(Throwable failure) {
        if (RedisCircuit.isOutage(failure)) {
            log.debug("near cache cannot subscribe to its invalidations yet", failure);
        } else if (refusalReported.compareAndSet(false, true)) {
            log.error(
                    "Redis refused to SUBSCRIBE the near cache to {}: {}. The near cache stays off and reads go"
                            + " to Redis until it is granted, e.g. ACL SETUSER <user> &{}",
                    channel,
                    RedisCircuit.describe(failure),
                    channel);
        }
    }

    private void onMessage(String message) {
        lastHeard = System.nanoTime(); // any message proves the subscription delivers
        unansweredSince.set(NONE);
        String[] parts = message.split("\\|", 4);
        if (parts.length < 3 || parts[0].equals(instanceId)) {
            return; // a heartbeat ("id|h"), or this instance's own change
        }
        if (parts[1].equals("k") && parts.length == 4) {
            changes.keyChanged(parts[2], parts[3]);
        } else if (parts[1].equals("n")) {
            changes.namespaceChanged(parts[2]);
        } else {
            changes.anythingChanged(); // a message we do not understand: be safe
        }
    }

    private final class Listener extends RedisPubSubAdapter<String, String> {

        @Override
        public void message(String ch, String message) {
            if (channel.equals(ch)) {
                onMessage(message);
            }
        }

        @Override
        public void subscribed(String ch, long count) {
            if (channel.equals(ch)) {
                clear(); // messages sent before this (re)subscription were not heard
                lastHeard = System.nanoTime(); // the confirmation came through this connection
                unansweredSince.set(NONE);
                subscribed = true;
                if (silenceReported.compareAndSet(true, false)) {
                    log.info("Near cache invalidations on {} are heard again: the near cache is back on", channel);
                }
            }
        }

        @Override
        public void unsubscribed(String ch, long count) {
            if (channel.equals(ch)) {
                subscribed = false;
                clear();
            }
        }
    }

    private final class StateListener implements RedisConnectionStateListener {

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
            subscribed = false;
            clear();
        }
    }

    private record Key(String namespace, String key) {}

    /**
     * @param found what Redis held, without the stored entry's payload copy (only its header)
     * @param namespaceEpoch the namespace's epoch before the payload was read from Redis
     * @param clears the clear count then
     * @param expiresAtNanos when it must be gone, on {@link System#nanoTime()}'s scale
     */
    private record Entry(RedisCacheStore.Found found, long namespaceEpoch, long clears, long expiresAtNanos) {

        Duration lifetime() {
            return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
        }
    }
}
