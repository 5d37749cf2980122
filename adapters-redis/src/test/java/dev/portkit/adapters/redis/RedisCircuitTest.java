package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
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
        await(() -> !circuit.isOpen());

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
