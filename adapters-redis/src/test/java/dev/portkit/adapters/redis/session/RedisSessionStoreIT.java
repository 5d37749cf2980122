package dev.portkit.adapters.redis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreContract;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import dev.portkit.domain.testing.OnTime;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The session store contract on a real Redis in each topology, and its keys. */
@ParameterizedClass
@EnumSource(Topology.class)
class RedisSessionStoreIT extends SessionStoreContract {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Parameter
    Topology topology;

    private String prefix;

    @Override
    protected SessionTimeouts timeouts() {
        return new SessionTimeouts(Duration.ofMillis(600), Duration.ofMillis(1800));
    }

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        prefix = redis.keyPrefix();
        return new RedisSessionStore(redis.connector(topology), prefix, timeouts);
    }

    @Override
    protected void elapse(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A store whose sessions outlive any test, for tests about keys rather than expiry. */
    private RedisSessionStore longLived() {
        return new RedisSessionStore(
                redis.connector(topology), prefix, new SessionTimeouts(Duration.ofMinutes(5), Duration.ofHours(1)));
    }

    @Test
    void noKeyOrValueHoldsTheRawToken() {
        RedisSessionStore store = longLived();
        IssuedSession issued = store.create(principal("alice"), Map.of("role", "editor"));
        store.find(issued.token());
        String token = issued.token().value();
        String secret = token.substring(token.indexOf('.') + 1);

        List<String> dump = dump();

        assertFalse(dump.isEmpty());
        for (String text : dump) {
            assertFalse(text.contains(token), "the raw token is stored: " + text);
            assertFalse(text.contains(secret), "the token's secret is stored: " + text);
        }
        assertTrue(
                dump.stream().anyMatch(text -> text.contains(issued.token().id().value())), "its hash is");
    }

    @Test
    void keysSpellOutNoUserName() {
        longLived().create(new Principal("alice.liddell@example.org"), Map.of());

        assertTrue(keys().stream().noneMatch(key -> key.contains("alice")), keys().toString());
    }

    @Test
    void aPrincipalsKeysShareOneClusterSlot() {
        RedisSessionStore store = longLived();
        Principal alice = principal("alice");
        store.create(alice, Map.of());
        store.create(alice, Map.of());
        store.create(principal("bob"), Map.of());

        List<String> alicesKeys = keys().stream()
                .filter(key -> key.contains(SessionToken.routeOf(alice)))
                .collect(Collectors.toList());

        assertEquals(3, alicesKeys.size(), "two sessions and the index: " + alicesKeys);
        Set<Integer> slots = alicesKeys.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
        assertEquals(1, slots.size());
    }

    @Test
    void sessionKeyLivesForTheIdleTimeoutCappedByTheAbsoluteOne() {
        RedisSessionStore store = new RedisSessionStore(
                redis.connector(topology), prefix, new SessionTimeouts(Duration.ofMinutes(1), Duration.ofHours(1)));
        IssuedSession issued = store.create(principal("alice"), Map.of());
        String key = new SessionKeys(prefix).session(issued.token());
        String index = new SessionKeys(prefix).index(issued.token().route());
        long ttl = commands().pttl(key);
        assertTrue(ttl > 50_000 && ttl <= 60_000, "the idle timeout, was " + ttl);
        assertTrue(commands().pttl(index) > 0, "the index expires too");

        // A session that has lived almost to its absolute expiry (10 s from now): a find cannot slide
        // its expiry past that.
        Instant now = Instant.now();
        Session old = new Session(
                issued.token().id(),
                issued.session().principal(),
                Map.of(),
                now.minus(Duration.ofMinutes(59)).minusSeconds(50),
                now,
                now.plusSeconds(10),
                now.plusSeconds(10));
        assertTrue(store.restore(old));
        assertTrue(store.find(issued.token()).isPresent());

        long capped = commands().pttl(key);
        assertTrue(capped > 0 && capped <= 10_000, "capped by the absolute expiry, was " + capped);
    }

    @Test
    void indexIsPrunedAndExpiresWithItsSessions() {
        OnTime.run(Duration.ofMillis(300), 5, run -> {
            Principal alice = principal("alice-" + run.number());
            String index = new SessionKeys(prefix).index(alice);
            run.mark();
            store.create(alice, Map.of());
            store.create(alice, Map.of());
            assertEquals(2, commands().zcard(index), "both live (within the 600 ms idle timeout)");
            run.settled();

            elapse(Duration.ofMillis(700));
            store.create(alice, Map.of());

            assertEquals(1, commands().zcard(index), "expired entries pruned on write");
            elapse(Duration.ofMillis(700));
            assertEquals(0, commands().exists(index), "the index expired with its last session");
        });
    }

    private RedisClusterCommands<String, String> commands() {
        return redis.connector(topology).strings();
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        ScanIterator.scan(commands(), ScanArgs.Builder.matches(prefix + "*")).forEachRemaining(keys::add);
        return keys;
    }

    /** Every key of this test with its whole content, as text. */
    private List<String> dump() {
        RedisClusterCommands<String, String> commands = commands();
        List<String> dump = new ArrayList<>();
        for (String key : keys()) {
            dump.add(key);
            switch (commands.type(key)) {
                case "hash" -> dump.add(commands.hgetall(key).toString());
                case "zset" -> dump.add(commands.zrange(key, 0, -1).toString());
                default -> dump.add(commands.get(key));
            }
        }
        return dump;
    }
}
