package dev.portkit.adapters.redis.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.ratelimit.FallbackRateLimiter;
import dev.portkit.adapters.redis.ratelimit.RedisRateLimiter;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What sessions and login throttling do while Redis is down and after it returns: logins go on in
 * the fallback, and those sessions are written through to Redis when it is back.
 */
class SessionStoreOutageIT {

    /** Its own Redis: the tests stop it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final SessionTimeouts TIMEOUTS = new SessionTimeouts(Duration.ofMinutes(5), Duration.ofHours(1));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final Principal alice = new Principal("alice");
    private RedisConnector connector;
    private RedisCircuit circuit;
    private RedisSessionStore redisStore;
    private MapSessionStore localStore;
    private FallbackSessionStore store;

    @BeforeEach
    void connect() {
        redis.server().start();
        connector = redis.newConnector(redis.settings());
        circuit = redis.closeAfterTest(
                new RedisCircuit(new RedisBreakerSettings(50, 2, Duration.ofMillis(200)), () -> connector.ping()));
        redisStore = new RedisSessionStore(connector, redis.keyPrefix(), TIMEOUTS);
        localStore = new MapSessionStore(TIMEOUTS, Clock.systemUTC());
        store = new FallbackSessionStore(redisStore, localStore, circuit);
    }

    @AfterEach
    void restart() {
        redis.server().start();
    }

    @Test
    void loginsGoOnDuringAnOutageAndAreWrittenThroughWhenRedisReturns() {
        IssuedSession before = store.create(alice, Map.of());
        assertTrue(redisStore.find(before.token()).isPresent(), "made in Redis while it is up");

        redis.server().stop();
        awaitOpenCircuit();

        assertEquals(Optional.empty(), store.find(before.token()), "held only in Redis: cannot be checked");
        IssuedSession during = store.create(alice, Map.of("device", "phone"));
        assertTrue(store.find(during.token()).isPresent(), "a login during the outage works");
        assertTrue(localStore.find(during.token()).isPresent());
        assertThrows(SessionStoreUnavailableException.class, () -> store.delete(before.token()));
        assertEquals(1, store.localSessions());

        redis.server().start();
        awaitClosedCircuit();

        eventually(() -> store.localSessions() == 0, "not handed over once the circuit closed");
        assertEquals(Optional.empty(), localStore.find(during.token()), "moved out of the fallback");
        assertEquals(
                Map.of("device", "phone"),
                redisStore.find(during.token()).orElseThrow().attributes());
        assertEquals(
                during.session().absoluteExpiresAt(),
                redisStore.find(during.token()).orElseThrow().absoluteExpiresAt());
        assertEquals(1, store.deleteAll(alice), "log out everywhere now reaches it");
        assertEquals(Optional.empty(), store.find(during.token()));
    }

    @Test
    void aLogoutDuringTheOutageIsNotUndoneWhenRedisReturns() {
        redis.server().stop();
        awaitOpenCircuit();
        IssuedSession during = store.create(alice, Map.of());

        assertTrue(store.delete(during.token()));

        redis.server().start();
        awaitClosedCircuit();
        assertEquals(Optional.empty(), store.find(during.token()));
        assertEquals(Optional.empty(), redisStore.find(during.token()));
    }

    @Test
    void logOutEverywhereDuringAnOutageEndsLocalSessionsButReportsThatRedisWasNotReached() {
        redis.server().stop();
        awaitOpenCircuit();
        IssuedSession during = store.create(alice, Map.of());

        assertThrows(SessionStoreUnavailableException.class, () -> store.deleteAll(alice));

        assertEquals(Optional.empty(), store.find(during.token()));
        redis.server().start();
        awaitClosedCircuit();
        assertEquals(Optional.empty(), redisStore.find(during.token()));
    }

    @Test
    void aSessionMadeDuringTheOutageKeepsWorkingWhileItIsWrittenThrough() {
        redis.server().stop();
        awaitOpenCircuit();
        IssuedSession during = store.create(alice, Map.of());

        whileRedisRecovers(() -> {
            assertTrue(circuit.isOpen(), "still recovering");
            assertTrue(redisStore.find(during.token()).isPresent(), "copied to Redis");
            assertTrue(store.find(during.token()).isPresent(), "and still valid here meanwhile");
        });
        assertTrue(store.find(during.token()).isPresent());
    }

    @Test
    void aLoginWhileRedisRecoversReachesRedisOnceItIsBack() {
        redis.server().stop();
        awaitOpenCircuit();
        AtomicReference<IssuedSession> made = new AtomicReference<>();
        whileRedisRecovers(() -> made.set(store.create(alice, Map.of("device", "tablet"))));
        IssuedSession recovering = made.get();

        eventually(
                () -> redisStore.find(recovering.token()).isPresent(),
                "the session stays on this instance: no other sees it");
        eventually(() -> store.localSessions() == 0, "not handed over once the circuit closed");
        assertTrue(redisStore.delete(recovering.token()), "a logout through another instance");
        assertEquals(Optional.empty(), store.find(recovering.token()), "ends it here too");
    }

    @Test
    void aLogoutWhileRedisRecoversIsNotUndone() {
        redis.server().stop();
        awaitOpenCircuit();
        IssuedSession during = store.create(alice, Map.of());
        whileRedisRecovers(
                () -> assertTrue(store.delete(during.token()), "logged out after it was copied, before the close"));

        eventually(() -> redisStore.find(during.token()).isEmpty(), "the logout was undone by the copy");
        assertEquals(Optional.empty(), store.find(during.token()));
    }

    /**
     * Once the recovery has copied a session to Redis, other instances (whose circuits closed) serve it and
     * can end it; the hand-over that follows must not write it back.
     */
    @Test
    void aLogoutThroughAnotherInstanceWhileRedisRecoversIsNotUndoneByTheHandOver() {
        redis.server().stop();
        awaitOpenCircuit();
        IssuedSession during = store.create(alice, Map.of());
        whileRedisRecovers(() ->
                assertTrue(redisStore.delete(during.token()), "a logout through another instance, after the copy"));
        eventually(() -> store.localSessions() == 0, "not handed over once the circuit closed");

        assertEquals(Optional.empty(), redisStore.find(during.token()), "the hand-over undid the logout");
        assertEquals(Optional.empty(), store.find(during.token()));
    }

    @Test
    void loginThrottlingCountsLocallyDuringAnOutage() {
        RateLimit onePerMinute = new RateLimit("login-user", 1, Duration.ofMinutes(1));
        AtomicInteger localAttempts = new AtomicInteger();
        FallbackRateLimiter limiter = new FallbackRateLimiter(
                new RedisRateLimiter(connector, redis.keyPrefix(), 0, circuit),
                (limit, key) -> localAttempts.incrementAndGet() > 1
                        ? RateLimitResult.denied(Duration.ofSeconds(1))
                        : RateLimitResult.allowed(0));
        assertTrue(limiter.tryAcquire(onePerMinute, "alice").allowed());
        assertFalse(limiter.tryAcquire(onePerMinute, "alice").allowed(), "counted in Redis");

        redis.server().stop();
        awaitOpenCircuit();

        assertTrue(limiter.tryAcquire(onePerMinute, "alice").allowed(), "the local count starts afresh");
        assertFalse(limiter.tryAcquire(onePerMinute, "alice").allowed(), "and still throttles");
        assertEquals(2, localAttempts.get());
    }

    /**
     * A recovery step added after the store's own: the first time it runs (Redis is back, the sessions are
     * copied, the circuit not yet closed) it holds the recovery until released.
     */
    /**
     * Starts the stopped Redis and runs {@code meanwhile} after the recovery step has copied the outage's
     * sessions and before the circuit closes; returns once it has closed.
     */
    private void whileRedisRecovers(Runnable meanwhile) {
        RecoveryHold hold = holdRecovery();
        redis.server().start();
        hold.awaitHeld();
        try {
            meanwhile.run();
        } finally {
            hold.release();
        }
        awaitClosedCircuit();
    }

    private RecoveryHold holdRecovery() {
        RecoveryHold hold = new RecoveryHold(new CountDownLatch(1), new CountDownLatch(1));
        circuit.addRecoveryStep(hold::hold);
        return hold;
    }

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
                assertTrue(held.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "Redis did not return");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void release() {
            released.countDown();
        }
    }

    /** Redis calls fail while it is down; a few of them open the circuit. */
    private void awaitOpenCircuit() {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!circuit.isOpen()) {
            assertTrue(System.nanoTime() < deadline, "the circuit did not open");
            store.find(SessionToken.issue(alice, RANDOM));
        }
    }

    private void awaitClosedCircuit() {
        eventually(() -> !circuit.isOpen(), "the circuit did not close after Redis returned");
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
