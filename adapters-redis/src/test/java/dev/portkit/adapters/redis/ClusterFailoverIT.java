package dev.portkit.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.testsupport.RedisCluster;
import dev.portkit.testsupport.RedisNode;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master of the Cluster dies (SIGKILL) or hangs (SIGSTOP) while the service reads and locks: no read fails
 * (the fallback or the loader answers), locks fail closed while their slots have no master, and the service is
 * back on Redis by itself once the Cluster has promoted the replica. The times are logged: they are the
 * failover figures of docs/redis-topologies.md.
 */
class ClusterFailoverIT {

    private static final Logger log = LoggerFactory.getLogger(ClusterFailoverIT.class);

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Duration PATIENT = Duration.ofSeconds(30);

    private RedisNode victim;

    @AfterEach
    void restoreTheCluster() {
        if (victim != null) {
            victim.resume();
            victim.restart(); // a killed node comes back as a replica
            redis.cluster().awaitHealthy();
        }
    }

    @Test
    void aKilledMasterCostsNoFailedReadAndTheServiceIsBackOnRedisByItself() throws Exception {
        RedisCluster cluster = redis.cluster();
        try (ServiceUnderLoad service = new ServiceUnderLoad(redis, Topology.CLUSTER).start()) {
            service.awaitReads(500, PATIENT);
            String probeKey = redis.keyPrefix() + "probe";
            int slot = SlotHash.getSlot(probeKey);
            victim = cluster.masterOf(slot);

            RedisHealthIndicator health = new RedisHealthIndicator(
                    redis.closeAfterTest(new RedisCircuit(RedisBreakerSettings.DEFAULTS, service.connector::ping)),
                    service.connector,
                    redis.keyPrefix());
            assertEquals(HealthStatus.UP, health.check().status());

            long killed = System.nanoTime();
            victim.kill();
            Eventually.await(
                    () -> {
                        Health seen = health.check();
                        Object state = seen.details().get("clusterState");
                        return seen.status() == HealthStatus.DEGRADED
                                && ("fail".equals(state)
                                        || !Long.valueOf(16_384)
                                                .equals(seen.details().get("slotsOk")));
                    },
                    PATIENT,
                    "/health/redis DEGRADED while slots fail");
            Duration promoted = ServiceUnderLoad.timeUntil(
                    () -> assertNotEquals(victim, cluster.masterOf(slot)),
                    killed,
                    PATIENT,
                    "Cluster: replica promoted after SIGKILL of its master");
            Duration backOnRedis = ServiceUnderLoad.timeUntil(
                    () -> service.connector.strings().set(probeKey, "written"),
                    killed,
                    PATIENT,
                    "Cluster: the service writes the killed master's slots again");
            Duration circuitClosed = ServiceUnderLoad.timeUntil(
                    () -> assertTrue(!service.circuit.isOpen()),
                    killed,
                    PATIENT,
                    "Cluster: the service's circuit closed");
            LockLease lease = service.locks
                    .tryAcquire("inventory:" + probeKey, Duration.ofSeconds(5), Duration.ofSeconds(5))
                    .orElseThrow();
            service.locks.release(lease);
            service.awaitReads(500, PATIENT);
            Eventually.await(() -> health.check().status() == HealthStatus.UP, PATIENT, "/health/redis UP again");

            log.info(
                    "Cluster SIGKILL: promoted after {} ms, service on Redis after {} ms, circuit closed after {} ms;"
                            + " {} reads, {} locks granted, {} refused as unavailable",
                    promoted.toMillis(),
                    backOnRedis.toMillis(),
                    circuitClosed.toMillis(),
                    service.reads.get(),
                    service.locksGranted.get(),
                    service.locksUnavailable.get());
            assertEquals(List.of(), service.failures, "no read failed or returned a wrong value");
        }
    }

    @Test
    void aHungMasterIsReplacedAndTheServiceMovesOnWithoutAFailedRead() throws Exception {
        RedisCluster cluster = redis.cluster();
        try (ServiceUnderLoad service = new ServiceUnderLoad(redis, Topology.CLUSTER).start()) {
            service.awaitReads(500, PATIENT);
            String probeKey = redis.keyPrefix() + "probe";
            int slot = SlotHash.getSlot(probeKey);
            victim = cluster.masterOf(slot);

            long hung = System.nanoTime();
            victim.hang();
            Duration promoted = ServiceUnderLoad.timeUntil(
                    () -> assertNotEquals(victim, cluster.masterOf(slot)),
                    hung,
                    PATIENT,
                    "Cluster: replica promoted after SIGSTOP of its master");
            Duration backOnRedis = ServiceUnderLoad.timeUntil(
                    () -> service.connector.strings().set(probeKey, "written"),
                    hung,
                    PATIENT,
                    "Cluster: the service writes the hung master's slots again");
            Eventually.await(() -> !service.circuit.isOpen(), PATIENT, "the circuit closes");
            service.awaitReads(500, PATIENT);

            log.info(
                    "Cluster SIGSTOP: promoted after {} ms, service on Redis after {} ms; {} reads, {} locks granted,"
                            + " {} refused as unavailable",
                    promoted.toMillis(),
                    backOnRedis.toMillis(),
                    service.reads.get(),
                    service.locksGranted.get(),
                    service.locksUnavailable.get());
            assertEquals(List.of(), service.failures, "no read failed or returned a wrong value");
        }
    }
}
