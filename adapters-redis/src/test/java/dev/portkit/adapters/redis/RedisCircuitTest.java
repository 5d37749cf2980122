package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The circuit's state machine, driven by calls that fail or succeed on demand (no Redis needed). */
class RedisCircuitTest {

    private static final RedisBreakerSettings FAST = new RedisBreakerSettings(50, 4, Duration.ofMillis(200));

    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private final Runnable ping = () -> {
        if (!redisUp.get()) {
            throw new IllegalStateException("Connection refused: redis://app:s3cret@db:6379");
        }
    };
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private RedisCircuit circuit;

    @BeforeEach
    void setUp() {
        Logger logger = (Logger) LoggerFactory.getLogger(RedisCircuit.class);
        logger.setLevel(Level.INFO);
        logger.addAppender(logs);
        logs.start();
        circuit = new RedisCircuit(FAST, ping);
    }

    @AfterEach
    void tearDown() {
        circuit.close();
        ((Logger) LoggerFactory.getLogger(RedisCircuit.class)).detachAppender(logs);
    }

    @Test
    void passesResultsThroughWhileClosed() {
        assertEquals("PONG", circuit.call(() -> "PONG"));
        assertFalse(circuit.isOpen());
        assertFalse(circuit.status().fallbackActive());
    }

    @Test
    void opensAfterFailuresThenFailsFastWithoutCallingRedis() {
        redisUp.set(false);
        failCalls(4);

        assertTrue(circuit.isOpen());
        AtomicInteger attempted = new AtomicInteger();
        assertThrows(RedisUnavailableException.class, () -> circuit.call(attempted::incrementAndGet));
        assertEquals(0, attempted.get());
        RedisStatus status = circuit.status();
        assertTrue(status.fallbackActive());
        assertTrue(status.lastError().orElseThrow().startsWith("IllegalStateException: Connection refused"));
        assertFalse(
                status.lastError().orElseThrow().contains("s3cret"),
                status.lastError().orElseThrow());
        assertEquals(1, circuit.outages());
    }

    @Test
    void recoversAfterTheProbeAndTheRecoveryStepsSucceed() {
        AtomicInteger recoveries = new AtomicInteger();
        circuit.addRecoveryStep(recoveries::incrementAndGet);
        redisUp.set(false);
        failCalls(4);

        redisUp.set(true);
        await(() -> !circuit.isOpen());

        assertEquals(1, recoveries.get());
        assertFalse(circuit.status().fallbackActive());
        assertEquals("ok", circuit.call(() -> "ok"));
    }

    @Test
    void runsTheRecoveredStepsOnceClosedAndThroughTheCircuit() {
        List<Boolean> openDuringRecovery = new CopyOnWriteArrayList<>();
        List<String> recovered = new CopyOnWriteArrayList<>();
        circuit.addRecoveryStep(() -> openDuringRecovery.add(circuit.isOpen()));
        circuit.addRecoveredStep(() -> {
            throw new IllegalStateException("a failing step does not stop the others");
        });
        circuit.addRecoveredStep(() -> recovered.add(circuit.call(() -> "handed over")));
        redisUp.set(false);
        failCalls(4);
        assertEquals(List.of(), recovered);

        redisUp.set(true);
        await(() -> !recovered.isEmpty());

        assertEquals(List.of(true), openDuringRecovery);
        assertEquals(List.of("handed over"), recovered);
        assertFalse(circuit.isOpen());
    }

    @Test
    void staysOpenWhileARecoveryStepFails() {
        AtomicBoolean stepFails = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        circuit.addRecoveryStep(() -> {
            attempts.incrementAndGet();
            if (stepFails.get()) {
                throw new IllegalStateException("journal replay failed");
            }
        });
        redisUp.set(false);
        failCalls(4);
        redisUp.set(true);

        await(() -> attempts.get() >= 2);
        assertTrue(circuit.isOpen());

        stepFails.set(false);
        await(() -> !circuit.isOpen());
    }

    @Test
    void logsOneWarningPerOutageAndOneInfoOnRecovery() {
        redisUp.set(false);
        failCalls(4);
        for (int i = 0; i < 50; i++) {
            assertThrows(RedisUnavailableException.class, () -> circuit.call(() -> "x"));
        }
        redisUp.set(true);
        // the recovery line is logged on the probe thread just after the state changes
        await(() -> !circuit.isOpen() && logs.list.size() >= 2);

        List<ILoggingEvent> events = logs.list;
        assertEquals(2, events.size(), events::toString);
        assertEquals(Level.WARN, events.get(0).getLevel());
        assertEquals(Level.INFO, events.get(1).getLevel());
        assertFalse(events.get(0).getFormattedMessage().contains("s3cret"));
    }

    @Test
    void probeNowOpensAtOnceWhenRedisIsDown() {
        redisUp.set(false);

        assertFalse(circuit.probeNow());

        assertTrue(circuit.isOpen());
        assertTrue(circuit.status().fallbackActive());
    }

    /**
     * Redis answered, with an error that will come back on every retry: a missing ACL permission, a
     * key of another type, a broken script. Opening the circuit would not help (the fallback's
     * journal replay would fail the same way, for ever); the caller still gets the error, and the
     * operator one ERROR line per kind of error saying what to fix.
     */
    @Test
    void permissionTypeAndScriptErrorsAreNoOutageAndAreLoggedOncePerKind() {
        List<String> replies = List.of(
                "NOPERM this user has no permissions to access one of the channels used as arguments",
                "WRONGTYPE Operation against a key holding the wrong kind of value",
                "ERR Error running script (call to f_1a2b): @user_script:1: Script attempted to access a"
                        + " non local key in a cluster node");
        for (String reply : replies) {
            for (int i = 0; i < 10; i++) {
                RedisUnavailableException e = assertThrows(
                        RedisUnavailableException.class,
                        () -> circuit.call(() -> {
                            throw new RedisCommandExecutionException(reply);
                        }));
                assertTrue(e.getMessage().contains(reply.substring(0, 5)), e.getMessage());
            }
        }

        assertFalse(circuit.isOpen());
        assertEquals(0, circuit.outages());
        List<String> errors = logs.list.stream()
                .filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertEquals(3, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("NOPERM") && errors.get(0).contains("ACL"), errors.get(0));
        assertTrue(errors.get(1).contains("WRONGTYPE"), errors.get(1));
    }

    @Test
    void timeoutsOpenTheCircuit() {
        for (int i = 0; i < 4; i++) {
            assertThrows(
                    RedisUnavailableException.class,
                    () -> circuit.call(() -> {
                        throw new RedisCommandTimeoutException("Command timed out after 500 millisecond(s)");
                    }));
        }
        assertTrue(circuit.isOpen());
    }

    @Test
    void aServerThatCannotServeNowOpensTheCircuit() {
        for (String reply : List.of(
                "LOADING Redis is loading the dataset in memory",
                "READONLY You can't write against a read only replica.",
                "BUSY Redis is busy running a script.",
                "OOM command not allowed when used memory > 'maxmemory'.")) {
            assertTrue(RedisCircuit.isOutage(new RedisCommandExecutionException(reply)), reply);
        }
        assertTrue(RedisCircuit.isOutage(new RedisConnectionException("Unable to connect to localhost:6379")));
        assertTrue(RedisCircuit.isOutage(new RedisException("Currently not connected. Commands are rejected.")));
        assertFalse(RedisCircuit.isOutage(new RedisCommandExecutionException("NOPERM no permissions")));
        assertFalse(RedisCircuit.isOutage(new RedisCommandExecutionException("WRONGPASS invalid username-password")));
    }

    @Test
    void aRecoveryStepRefusedForGoodDoesNotKeepTheCircuitOpen() {
        AtomicInteger attempts = new AtomicInteger();
        circuit.addRecoveryStep(() -> {
            attempts.incrementAndGet();
            throw new RedisCommandExecutionException(
                    "NOPERM this user has no permissions to run the 'evalsha' command");
        });
        redisUp.set(false);
        failCalls(4);
        redisUp.set(true);

        await(() -> !circuit.isOpen());
        assertEquals(1, attempts.get());
    }

    @Test
    void describeAddsTheRootCause() {
        String described = RedisCircuit.describe(new IllegalStateException(
                "Unable to connect to redis://h:6379", new RuntimeException("wrapper", new Error("WRONGPASS"))));
        assertEquals("IllegalStateException: Unable to connect to redis://h:6379 (Error: WRONGPASS)", described);
    }

    @Test
    void describeMasksCredentialsAndKeepsOneLine() {
        String described =
                RedisCircuit.describe(new IllegalStateException("cannot reach rediss://user:pw@host:6380\nretrying"));
        assertEquals("IllegalStateException: cannot reach rediss://***@host:6380 retrying", described);
    }

    private void failCalls(int n) {
        for (int i = 0; i < n; i++) {
            assertThrows(RedisUnavailableException.class, () -> circuit.run(ping));
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
