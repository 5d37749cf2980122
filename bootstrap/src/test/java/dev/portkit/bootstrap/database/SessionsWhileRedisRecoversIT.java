package dev.portkit.bootstrap.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.session.PostgresSessionStore;
import dev.portkit.adapters.redis.RedisCache;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.bootstrap.TestUser;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.wiring.RedisModule;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.testsupport.PostgresServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sessions while Redis recovers from an outage, with the session store as wired (PostgreSQL behind Redis, or
 * Redis alone with {@code STORE=memory}) on two instances: the recovery of one is held open after its own
 * steps (the circuit still open, Redis back), which is when a session made during the outage is being
 * written through and a login still goes to the fallback.
 */
class SessionsWhileRedisRecoversIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    /** Its own Redis: the test stops it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Principal ALICE = new Principal(TestUser.NAME);

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void redisUp() {
        redis.server().start();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        redis.server().start();
    }

    @ParameterizedTest(name = "STORE={0}")
    @ValueSource(strings = {"postgres", "memory"})
    void aSessionIsValidWhileItIsWrittenThroughAndALoginDuringRecoveryReachesEveryInstance(String store) {
        Node here = node(store);
        Node there = node(store);

        redis.server().stop();
        assertFalse(here.circuit.probeNow(), "Redis is down");
        IssuedSession during = here.sessions.create(ALICE, Map.of());
        RecoveryHold hold = new RecoveryHold(new CountDownLatch(1), new CountDownLatch(1));
        here.circuit.addRecoveryStep(hold::hold); // after the wiring's own recovery steps

        redis.server().start();
        hold.awaitHeld();
        IssuedSession recovering;
        try {
            assertTrue(here.circuit.isOpen(), "still recovering");
            assertTrue(here.sessions.find(during.token()).isPresent(), "a session made during the outage: 401");
            recovering = here.sessions.create(ALICE, Map.of());
            assertTrue(here.sessions.find(recovering.token()).isPresent());
        } finally {
            hold.release();
        }
        eventually(() -> !here.circuit.isOpen(), "the circuit did not close after Redis returned");

        eventually(
                () -> there.sessions.find(recovering.token()).isPresent(),
                "a login made during the recovery is unknown to the other instance");
        assertTrue(there.sessions.find(during.token()).isPresent());
        assertTrue(there.sessions.delete(recovering.token()), "logged out through the other instance");
        eventually( // at once, or (STORE=memory) once this instance has handed its local sessions over
                () -> here.sessions.find(recovering.token()).isEmpty(),
                "a logout through the other instance is not seen here");
        assertTrue(here.sessions.find(during.token()).isPresent());
    }

    /** One instance's Redis client, circuit, cache and session store, wired as the service wires them. */
    private Node node(String store) {
        Map<String, String> env = new HashMap<>(redis.environment(RedisExtension.Topology.STANDALONE));
        env.put("REDIS_BREAKER_OPEN_WAIT", "100ms");
        env.put("AUTH_USERS", TestUser.AUTH_USERS);
        env.put("STORE", store);
        if (store.equals("postgres")) {
            env.put("DATABASE_URL", postgres.url());
            postgres.password().ifPresent(password -> env.put("DATABASE_PASSWORD", password));
        }
        PortkitConfig config = PortkitConfig.fromEnvironment(env);
        RedisConnector connector =
                RedisModule.provideRedisConnector(config.redis().orElseThrow(), new SimpleMeterRegistry());
        opened.add(connector);
        RedisCircuit circuit = RedisModule.provideRedisCircuit(config, connector);
        opened.add(circuit);
        RedisCache cache = RedisModule.provideRedisCache(config, connector, circuit);
        Optional<SessionStore> source = Optional.empty();
        if (store.equals("postgres")) {
            PostgresDatabase database =
                    PostgresDatabase.open(config.database().external().orElseThrow());
            opened.add(database);
            source = Optional.of(
                    new PostgresSessionStore(database, config.sessions().timeouts(), Clock.systemUTC()));
        }
        SessionStore sessions = RedisModule.provideSessionStore(
                config, source, cache, config.redis().orElseThrow(), connector, circuit);
        return new Node(circuit, sessions);
    }

    private record Node(RedisCircuit circuit, SessionStore sessions) {}

    /** A recovery step that, the first time it runs, holds the recovery until released. */
    private record RecoveryHold(CountDownLatch held, CountDownLatch released) {

        void hold() {
            held.countDown();
            try {
                assertTrue(released.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void awaitHeld() {
            try {
                assertTrue(held.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the recovery did not start");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void release() {
            released.countDown();
        }
    }

    /** Polls until the condition holds (the work happens on the circuit's probe thread), or fails. */
    private static void eventually(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
