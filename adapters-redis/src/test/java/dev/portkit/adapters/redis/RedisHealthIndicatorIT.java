package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisHealthIndicatorIT {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private RedisClient client;
    private RedisConnector connector;
    private RedisCircuit circuit;
    private RedisHealthIndicator health;

    @BeforeEach
    void setUp() {
        redis.start();
        client = LettuceClients.create(RedisTestSupport.settingsFor(redis));
        connector = new RedisConnector(client);
        circuit = new RedisCircuit(
                new RedisBreakerSettings(50, 2, Duration.ofMillis(300)),
                () -> connector.strings().sync().ping());
        health = new RedisHealthIndicator(circuit, connector, "test:");
    }

    @AfterEach
    void tearDown() {
        circuit.close();
        connector.close();
        client.shutdown();
        redis.start();
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
        RedisSettings patient = RedisTestSupport.settingsFor(redis, Duration.ofSeconds(10));
        RedisClient patientClient = LettuceClients.create(patient);
        RedisConnector patientConnector = new RedisConnector(patientClient);
        RedisCircuit strict = new RedisCircuit(
                new RedisBreakerSettings(50, 2, Duration.ofMillis(300)),
                () -> patientConnector.strings().sync().ping());
        try {
            RedisHealthIndicator probe = new RedisHealthIndicator(strict, patientConnector, "test:");
            assertEquals(HealthStatus.UP, probe.check().status());

            connector.strings().sync().clientPause(2_000); // Redis answers nobody for 2 s

            for (int i = 0; i < 4; i++) {
                Health slow = probe.check();
                assertEquals(HealthStatus.DEGRADED, slow.status());
                assertTrue(
                        slow.details().get("lastError").toString().contains("no answer within 250 ms"),
                        slow.details()::toString);
            }
            assertFalse(strict.isOpen(), "slow probes do not open the circuit");
            assertEquals(0, strict.outages());
            RedisTestSupport.await(() -> probe.check().status() == HealthStatus.UP, Duration.ofSeconds(10), "up again");
        } finally {
            strict.close();
            patientConnector.close();
            patientClient.shutdown();
        }
    }

    @Test
    void degradedWithSinceAndLastErrorWhileRedisIsDownThenUpAgain() {
        health.check();
        redis.stop();

        Health down = health.check();
        assertEquals(HealthStatus.DEGRADED, down.status());
        assertEquals(false, down.details().get("fallbackActive"), "the probe alone does not open the circuit");
        assertTrue(down.details().get("lastError").toString().contains("not connected")
                || down.details().get("lastError").toString().contains("connect"));

        RedisTestSupport.await(
                () -> {
                    try {
                        circuit.run(() -> connector.strings().sync().ping()); // the service's own calls
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

        redis.start();
        RedisTestSupport.await(() -> health.check().status() == HealthStatus.UP, Duration.ofSeconds(10), "up again");
        assertFalse(circuit.status().fallbackActive());
    }
}
