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

    @Test
    void aProbeWaitsOnlyItsOwnShortTimeoutNotTheCommandTimeout() {
        RedisSettings patient = RedisTestSupport.settingsFor(redis, Duration.ofSeconds(10));
        RedisClient patientClient = LettuceClients.create(patient);
        RedisConnector patientConnector = new RedisConnector(patientClient);
        RedisCircuit lenient = new RedisCircuit(
                new RedisBreakerSettings(100, 10, Duration.ofMillis(300)),
                () -> patientConnector.strings().sync().ping());
        try {
            RedisHealthIndicator probe = new RedisHealthIndicator(lenient, patientConnector, "test:");
            assertEquals(HealthStatus.UP, probe.check().status());

            connector.strings().sync().clientPause(2_000); // Redis answers nobody for 2 s

            Health slow = probe.check();
            assertEquals(HealthStatus.DEGRADED, slow.status());
            assertTrue(
                    slow.details().get("lastError").toString().contains("no answer within 250 ms"),
                    slow.details()::toString);
            assertFalse(lenient.isOpen(), "one slow probe does not open the circuit");
            RedisTestSupport.await(() -> probe.check().status() == HealthStatus.UP, Duration.ofSeconds(10), "up again");
        } finally {
            lenient.close();
            patientConnector.close();
            patientClient.shutdown();
        }
    }

    @Test
    void degradedWithSinceAndLastErrorWhileRedisIsDownThenUpAgain() {
        health.check();
        redis.stop();

        RedisTestSupport.await(
                () -> health.check().status() == HealthStatus.DEGRADED && circuit.isOpen(),
                Duration.ofSeconds(10),
                "degraded with the fallback active");
        Health degraded = health.check();
        assertEquals(true, degraded.details().get("fallbackActive"));
        assertTrue(degraded.details().containsKey("since"));
        assertTrue(degraded.details().get("lastError").toString().contains("not connected")
                || degraded.details().get("lastError").toString().contains("connect"));

        redis.start();
        RedisTestSupport.await(() -> health.check().status() == HealthStatus.UP, Duration.ofSeconds(10), "up again");
        assertFalse(circuit.status().fallbackActive());
    }
}
