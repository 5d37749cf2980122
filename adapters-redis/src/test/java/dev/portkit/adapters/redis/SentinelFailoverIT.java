package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.testsupport.RedisNode;
import dev.portkit.testsupport.RedisSentinelGroup;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sentinel-monitored primary fails over (on request, killed, hung) while the service reads and locks: no
 * read fails, locks fail closed meanwhile, and the service follows the Sentinels to the new primary by itself.
 * The times are logged for docs/redis-topologies.md.
 */
class SentinelFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(SentinelFailoverIT.class);

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Duration PATIENT = Duration.ofSeconds(30);

    private RedisNode victim;

    @AfterEach
    void restoreTheGroup() {
        if (victim != null) {
            victim.resume();
            victim.restart(); // a killed primary comes back empty; awaitHealthy makes it the replica
        }
        redis.sentinel().awaitHealthy();
    }

    @Test
    void healthNamesThePrimaryTheSentinelsChose() {
        RedisConnector connector = redis.newConnector(redis.settings(Topology.SENTINEL));
        RedisHealthIndicator health = new RedisHealthIndicator(
                redis.closeAfterTest(new RedisCircuit(RedisBreakerSettings.DEFAULTS, connector::ping)),
                connector,
                redis.keyPrefix());

        Health up = health.check();

        assertEquals(HealthStatus.UP, up.status(), up.details()::toString);
        assertEquals("sentinel", up.details().get("mode"));
        assertEquals("127.0.0.1:" + redis.sentinel().masterPort(), up.details().get("master"));
        assertFalse(up.details().toString().contains(RedisSentinelGroup.PASSWORD), "no secret");
    }

    @Test
    void aRequestedFailoverCostsNoFailedRead() throws Exception {
        measure("SENTINEL FAILOVER", group -> group.failover());
    }

    @Test
    void aKilledPrimaryCostsNoFailedReadAndTheServiceFollowsTheSentinels() throws Exception {
        measure("SIGKILL of the primary", group -> {
            victim = group.master();
            victim.kill();
        });
    }

    @Test
    void aHungPrimaryIsReplacedAndTheServiceLeavesItsConnectionsToIt() throws Exception {
        measure("SIGSTOP of the primary", group -> {
            victim = group.master();
            victim.hang();
        });
    }

    private void measure(String what, Consumer<RedisSentinelGroup> failure) throws Exception {
        RedisSentinelGroup group = redis.sentinel();
        try (ServiceUnderLoad service = new ServiceUnderLoad(redis, Topology.SENTINEL).start()) {
            service.awaitReads(500, PATIENT);
            int before = group.masterPort();
            String probeKey = redis.keyPrefix() + "probe";

            long started = System.nanoTime();
            failure.accept(group);
            Duration promoted = ServiceUnderLoad.timeUntil(
                    () -> assertNotEquals(before, group.masterPort()),
                    started,
                    PATIENT,
                    "Sentinel (" + what + "): a new primary");
            Duration backOnRedis = ServiceUnderLoad.timeUntil(
                    () -> service.connector.strings().set(probeKey, "written"),
                    started,
                    PATIENT,
                    "Sentinel (" + what + "): the service writes to the new primary");
            Duration circuitClosed = ServiceUnderLoad.timeUntil(
                    () -> assertTrue(!service.circuit.isOpen()),
                    started,
                    PATIENT,
                    "Sentinel (" + what + "): the service's circuit closed");
            Eventually.await(
                    () -> {
                        try {
                            return service.locks
                                    .tryAcquire("inventory:after", Duration.ofSeconds(2), Duration.ZERO)
                                    .map(service.locks::release)
                                    .orElse(false);
                        } catch (RuntimeException e) {
                            return false;
                        }
                    },
                    PATIENT,
                    "the lock works again");
            service.awaitReads(500, PATIENT);

            log.info(
                    "Sentinel {}: new primary after {} ms, service on it after {} ms, circuit closed after {} ms;"
                            + " {} reads, {} locks granted, {} refused as unavailable",
                    what,
                    promoted.toMillis(),
                    backOnRedis.toMillis(),
                    circuitClosed.toMillis(),
                    service.reads.get(),
                    service.locksGranted.get(),
                    service.locksUnavailable.get());
            assertEquals(List.of(), service.failures, "no read failed or returned a wrong value");
        }
    }
}
