package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import dev.portkit.domain.cache.MapCache;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Redis 7 gives a new ACL user no pub/sub channels ({@code acl-pubsub-default resetchannels}): the
 * service may read and write its keys but its {@code PUBLISH} of invalidation messages fails with
 * NOPERM. That is a misconfiguration, not an outage: the service keeps using Redis (and comes back
 * to it after a real outage), says once what to grant, and other instances' near caches fall back
 * on their TTL.
 */
class RedisCacheAclIT {

    /** Its own Redis: the tests create ACL users and stop it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Codec<String> UTF8 = Codec.utf8();
    private static final CacheNamespace CONTENT = CacheNamespace.of("content-item-article", Duration.ofMinutes(5));
    private static final String USER = "portkit-app";
    private static final String PASSWORD = "app-" + UUID.randomUUID();

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private RedisConnector connector;
    private RedisCircuit circuit;
    private RedisCache cache;
    private String prefix;

    @BeforeEach
    void setUp() {
        redis.server().start();
        createUserWithoutChannels();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.portkit.adapters.redis");
        logger.addAppender(logs);
        logs.start();
        prefix = redis.keyPrefix();
        connector = redis.newConnector(patient().withCredentials(Optional.of(USER), PASSWORD));
        circuit = redis.closeAfterTest(
                new RedisCircuit(new RedisBreakerSettings(50, 3, Duration.ofMillis(300)), () -> connector.ping()));
        cache = new RedisCache(
                connector,
                circuit,
                new MapCache(),
                RedisCacheSettings.withPrefix(prefix)
                        .withNear(new NearCacheSettings(true, Duration.ofSeconds(2), 1_000, List.of("content-"))));
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger("dev.portkit.adapters.redis")).detachAppender(logs);
        redis.server().start();
    }

    @Test
    void aDeniedPublishIsNotAnOutageAndIsReportedOnce() {
        for (int i = 0; i < 20; i++) {
            cache.put(CONTENT, "k" + i, "v" + i, UTF8);
            cache.delete(CONTENT, "gone" + i);
        }
        cache.invalidate(CONTENT);
        cache.put(CONTENT, "after", "v", UTF8);

        assertFalse(circuit.isOpen(), () -> circuit.status().toString());
        assertEquals(0, circuit.outages());
        assertEquals(0, cache.pendingInvalidations(), "every change reached Redis");
        assertEquals(Optional.of("v"), cache.get(CONTENT, "after", UTF8));
        assertEquals(Optional.empty(), cache.get(CONTENT, "k1", UTF8), "the invalidation reached Redis");
        assertNotNull(admin(r -> r.get(entryKey("after"))), "the entry is in Redis");

        List<String> publishErrors =
                errors().stream().filter(line -> line.contains("PUBLISH")).toList();
        assertEquals(1, publishErrors.size(), errors()::toString);
        String line = publishErrors.get(0);
        assertTrue(line.contains("NOPERM"), line);
        assertTrue(line.contains("ACL SETUSER"), line);
        assertTrue(line.contains("&" + prefix + "cache:invalidations"), line);
        assertTrue(warnings().stream().noneMatch(l -> l.contains("unavailable")), warnings()::toString);
    }

    @Test
    void theServiceReturnsToRedisByItselfAfterAnOutageThoughItCannotPublish() {
        cache.put(CONTENT, "a", "v1", UTF8);
        redis.server().stop();
        Eventually.await(
                () -> {
                    cache.get(CONTENT, "probe-" + UUID.randomUUID(), UTF8);
                    return circuit.isOpen();
                },
                Duration.ofSeconds(10),
                "the circuit opens");
        cache.delete(CONTENT, "a");
        cache.put(CONTENT, "b", "v2", UTF8);
        assertTrue(cache.pendingInvalidations() > 0, "changes made during the outage wait in the journal");

        redis.server().start();
        createUserWithoutChannels();

        Eventually.await(() -> !circuit.isOpen(), Duration.ofSeconds(15), "Redis in use again");
        assertEquals(0, cache.pendingInvalidations(), "the journal was replayed");
        cache.put(CONTENT, "c", "v3", UTF8);
        assertEquals(Optional.of("v3"), cache.get(CONTENT, "c", UTF8));
        assertNotNull(admin(r -> r.get(entryKey("c"))), "the write went to Redis");
        assertFalse(circuit.isOpen());
    }

    private String entryKey(String key) {
        return new String(cache.entryKeyForTest(CONTENT, key), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Redis 7's default for a new user: every command and key, no channel. */
    private static void createUserWithoutChannels() {
        admin(r -> r.aclSetuser(
                USER,
                new AclSetuserArgs()
                        .on()
                        .addPassword(PASSWORD)
                        .allKeys()
                        .allCommands()
                        .resetChannels()));
    }

    /** Runs a command as the default user, on a connection of its own. */
    private static <T> T admin(Function<RedisClusterCommands<String, String>, T> command) {
        try (RedisConnector admin = RedisConnector.open(patient())) {
            return command.apply(admin.strings());
        }
    }

    /**
     * A long command timeout: on a loaded machine a timeout would count as an outage, and these
     * tests are about refusals (the outage below is a stopped Redis, which fails at once).
     */
    private static RedisSettings patient() {
        return redis.settings().withCommandTimeout(Duration.ofSeconds(10));
    }

    private List<String> errors() {
        return lines(Level.ERROR);
    }

    private List<String> warnings() {
        return lines(Level.WARN);
    }

    private List<String> lines(Level level) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
