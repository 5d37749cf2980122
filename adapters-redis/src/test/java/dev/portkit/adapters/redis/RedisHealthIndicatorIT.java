package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisHealthIndicatorIT {

    /** Its own Redis: the tests stop and pause it. */
    @RegisterExtension
    static final RedisExtension redis = RedisExtension.managed();

    private RedisConnector connector;
    private RedisCircuit circuit;
    private RedisHealthIndicator health;

    @BeforeEach
    void setUp() {
        redis.server().start();
        connector = redis.newConnector(redis.settings().withCommandTimeout(Duration.ofMillis(500)));
        circuit = redis.closeAfterTest(
                new RedisCircuit(new RedisBreakerSettings(50, 2, Duration.ofMillis(300)), () -> connector.ping()));
        health = new RedisHealthIndicator(circuit, connector, "test:");
    }

    @AfterEach
    void tearDown() {
        redis.server().start();
    }

    @Test
    void upWithLatencyWhileRedisAnswers() {
        Health result = health.check();

        assertEquals(HealthStatus.UP, result.status());
        assertEquals(false, result.details().get("fallbackActive"));
        assertTrue(result.details().containsKey("latencyMs"));
        assertEquals("standalone", result.details().get("mode"));
        assertTrue(result.details().get("version").toString().matches("\\d+\\.\\d+.*"));
        assertTrue(result.details().get("usedMemory") instanceof Long);
        assertTrue(result.details().get("uptimeSeconds") instanceof Long);
        assertEquals("test:", result.details().get("keyPrefix"));
    }

    /**
     * A probe gives up after its own 250 ms, not the (here 10 s) command timeout, and reports
     * DEGRADED; but a slow probe is not an outage: however many there are, they never open the
     * circuit (which opens here after two failed calls), so the service stays on Redis.
     */
    @Test
    void slowProbesWaitOnlyTheirOwnTimeoutAndNeverOpenTheCircuit() {
        RedisConnector patientConnector =
                redis.newConnector(redis.settings().withCommandTimeout(Duration.ofSeconds(10)));
        RedisCircuit strict = redis.closeAfterTest(new RedisCircuit(
                new RedisBreakerSettings(50, 2, Duration.ofMillis(300)), () -> patientConnector.ping()));
        RedisHealthIndicator probe = new RedisHealthIndicator(strict, patientConnector, "test:");
        assertEquals(HealthStatus.UP, probe.check().status());

        connector.strings().clientPause(2_000); // Redis answers nobody for 2 s

        for (int i = 0; i < 4; i++) {
            Health slow = probe.check();
            assertEquals(HealthStatus.DEGRADED, slow.status());
            assertTrue(
                    slow.details().get("lastError").toString().contains("no answer within 250 ms"),
                    slow.details()::toString);
        }
        assertFalse(strict.isOpen(), "slow probes do not open the circuit");
        assertEquals(0, strict.outages());
        Eventually.await(() -> probe.check().status() == HealthStatus.UP, Duration.ofSeconds(10), "up again");
    }

    @Test
    void degradedWithSinceAndLastErrorWhileRedisIsDownThenUpAgain() {
        health.check();
        redis.server().stop();

        Health down = health.check();
        assertEquals(HealthStatus.DEGRADED, down.status());
        assertEquals(false, down.details().get("fallbackActive"), "the probe alone does not open the circuit");
        assertTrue(down.details().get("lastError").toString().contains("not connected")
                || down.details().get("lastError").toString().contains("connect"));

        Eventually.await(
                () -> {
                    try {
                        circuit.run(() -> connector.ping()); // the service's own calls
                    } catch (RedisUnavailableException expected) {
                        // counted by the circuit
                    }
                    return circuit.isOpen();
                },
                Duration.ofSeconds(10),
                "the service's failed calls open the circuit");
        Health degraded = health.check();
        assertEquals(HealthStatus.DEGRADED, degraded.status());
        assertEquals(true, degraded.details().get("fallbackActive"));
        assertTrue(degraded.details().containsKey("since"));
        assertTrue(degraded.details().get("lastError").toString().contains("not connected")
                || degraded.details().get("lastError").toString().contains("connect"));

        redis.server().start();
        Eventually.await(() -> health.check().status() == HealthStatus.UP, Duration.ofSeconds(10), "up again");
        assertFalse(circuit.status().fallbackActive());
    }
}
