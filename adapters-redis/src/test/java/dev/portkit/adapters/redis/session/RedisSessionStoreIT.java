package dev.portkit.adapters.redis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreContract;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
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

    @Test
    void noKeyOrValueHoldsTheRawToken() {
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
        store.create(new Principal("alice.liddell@example.org"), Map.of());

        assertTrue(keys().stream().noneMatch(key -> key.contains("alice")), keys().toString());
    }

    @Test
    void aPrincipalsKeysShareOneClusterSlot() {
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
        IssuedSession issued = store.create(principal("alice"), Map.of());
        RedisClusterCommands<String, String> commands = commands();
        String key = new SessionKeys(prefix).session(issued.token());
        String index = new SessionKeys(prefix).index(issued.token().route());

        long ttl = commands.pttl(key);
        assertTrue(ttl > 0 && ttl <= 600, "idle TTL, was " + ttl);
        assertTrue(commands.pttl(index) > 0, "the index expires too");

        for (int i = 0; i < 5; i++) {
            elapse(Duration.ofMillis(300));
            assertTrue(store.find(issued.token()).isPresent());
        }

        // 1.5 s in, each find renewed the TTL, but the absolute expiry (at 1.8 s) now caps it.
        long nearTheEnd = commands.pttl(key);
        assertTrue(nearTheEnd > 0 && nearTheEnd <= 300, "capped by the absolute expiry, was " + nearTheEnd);
    }

    @Test
    void indexIsPrunedAndExpiresWithItsSessions() {
        Principal alice = principal("alice");
        store.create(alice, Map.of());
        store.create(alice, Map.of());
        String index = new SessionKeys(prefix).index(alice);
        assertEquals(2, commands().zcard(index));

        elapse(Duration.ofMillis(700));
        store.create(alice, Map.of());

        assertEquals(1, commands().zcard(index), "expired entries pruned on write");
        elapse(Duration.ofMillis(700));
        assertEquals(0, commands().exists(index), "the index expired with its last session");
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
