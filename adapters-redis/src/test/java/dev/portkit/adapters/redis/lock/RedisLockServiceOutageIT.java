package dev.portkit.adapters.redis.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.adapters.redis.RedisUnavailableException;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockUnavailableException;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With Redis down or hung the lock fails closed: an error, never a lock it cannot vouch for; and,
 * once the shared circuit has opened, it fails at once instead of waiting for Redis.
 */
class RedisLockServiceOutageIT {

    /** Its own Redis: the tests stop and hang it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration PATIENT = Duration.ofSeconds(10);

    private final String name = "outage-" + UUID.randomUUID();
    /** Lets a test hold back the circuit's recovery probe; the probe is otherwise a real PING. */
    private final AtomicBoolean probesAllowed = new AtomicBoolean(true);

    private RedisConnector connector;
    private RedisCircuit circuit;

    @AfterEach
    void tearDown() {
        redis.server().resume();
        redis.server().start();
    }

    @Test
    void everyOperationFailsClosedWhileRedisIsDownAndWorksAgainWhenItIsBack() {
        RedisLockService locks = connect(redis.settings());
        LockLease held = locks.tryAcquire(name, LONG, Duration.ZERO).orElseThrow();

        redis.server().stop();

        assertThrows(LockUnavailableException.class, () -> locks.tryAcquire(name, LONG, LONG));
        assertThrows(LockUnavailableException.class, () -> locks.extend(held, LONG));
        assertThrows(LockUnavailableException.class, () -> locks.release(held));

        redis.server().start(); // empty: the old lock is gone with the data
        assertTrue(
                eventually(() -> {
                    try {
                        return locks.tryAcquire(name, LONG, Duration.ZERO).isPresent();
                    } catch (LockUnavailableException reconnecting) {
                        return false;
                    }
                }),
                "the lock works again once Redis is back");
    }

    @Test
    void aBoundedWaitFailsAtOnceWhenRedisGoesAwayWhileWaiting() throws Exception {
        RedisLockService locks = connect(redis.settings());
        locks.tryAcquire(name, LONG, Duration.ZERO).orElseThrow();
        Thread stopper = new Thread(() -> {
            pause();
            redis.server().stop();
        });
        stopper.start();

        assertThrows(LockUnavailableException.class, () -> locks.tryAcquire(name, LONG, LONG));
        stopper.join();
    }

    /**
     * A Redis that accepts connections but never answers (SIGSTOP): the first acquisitions wait for
     * the command timeout and fail; they open the shared circuit, and from then on acquiring fails
     * before any Redis call. When Redis answers again the circuit closes and the lock works.
     */
    @Test
    void onAHungRedisTheOpenCircuitMakesAcquiringFailWithoutWaitingForRedis() {
        RedisLockService locks = connect(redis.settings());
        locks.tryAcquire(name + "-before", LONG, Duration.ZERO).orElseThrow();
        probesAllowed.set(false);

        redis.server().hang();
        try {
            assertTrue(
                    eventually(() -> {
                        assertThrows(LockUnavailableException.class, () -> locks.tryAcquire(name, LONG, LONG));
                        return circuit.isOpen();
                    }),
                    "timed-out acquisitions open the circuit");

            LockUnavailableException fast =
                    assertThrows(LockUnavailableException.class, () -> locks.tryAcquire(name, LONG, LONG));
            RedisUnavailableException cause = assertInstanceOf(RedisUnavailableException.class, fast.getCause());
            assertNull(cause.getCause(), "failed by the open circuit, before any Redis call: " + cause);
            assertTrue(fast.getMessage().contains("circuit open"), fast.getMessage());
        } finally {
            redis.server().resume();
        }

        probesAllowed.set(true);
        assertTrue(eventually(() -> !circuit.isOpen()), "the circuit closes once Redis answers");
        // (the acquisitions that timed out ran when Redis resumed, and may hold `name` for their lease)
        assertTrue(locks.tryAcquire(name + "-after", LONG, Duration.ZERO).isPresent());
    }

    /**
     * A user that may not run scripts gets NOPERM: the lock fails closed, but that is no outage, so
     * the circuit (opening here after three failed calls) stays closed for the other adapters.
     */
    @Test
    void aPermissionErrorFailsClosedWithoutOpeningTheCircuit() {
        String user = "no-scripts-" + UUID.randomUUID();
        String password = "pw-" + UUID.randomUUID();
        RedisSettings patient = redis.settings().withCommandTimeout(PATIENT);
        try (RedisConnector admin = RedisConnector.open(patient)) {
            admin.strings()
                    .aclSetuser(
                            user,
                            new AclSetuserArgs()
                                    .on()
                                    .addPassword(password)
                                    .allKeys()
                                    .allCommands()
                                    .removeCategory(AclCategory.SCRIPTING));
        }
        // patient: on a loaded machine a timeout would be an outage, and this test is about refusals
        RedisLockService locks = connect(patient.withCredentials(Optional.of(user), password));

        for (int i = 0; i < 10; i++) {
            LockUnavailableException denied =
                    assertThrows(LockUnavailableException.class, () -> locks.tryAcquire(name, LONG, Duration.ZERO));
            assertTrue(denied.getMessage().contains("NOPERM"), denied.getMessage());
        }
        assertFalse(circuit.isOpen(), () -> circuit.status().toString());
        assertEquals(0, circuit.outages());
    }

    private RedisLockService connect(RedisSettings settings) {
        connector = redis.newConnector(settings);
        circuit = redis.closeAfterTest(new RedisCircuit(new RedisBreakerSettings(50, 3, Duration.ofMillis(200)), () -> {
            if (!probesAllowed.get()) {
                throw new IllegalStateException("probe held back by the test");
            }
            connector.ping();
        }));
        return new RedisLockService(connector, circuit, redis.keyPrefix());
    }

    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause();
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
