package dev.portkit.adapters.redis.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.lock.LockLease;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code WAIT 1} after each acquisition would cost (it makes the primary acknowledge only once a replica
 * has the lock): acquire and release measured on the Sentinel group with and without it. The lock does not
 * use {@code WAIT} (see docs/redis-topologies.md); this measures the price, and checks that a replica does
 * acknowledge.
 */
class LockReplicationCostIT {

    private static final Logger log = LoggerFactory.getLogger(LockReplicationCostIT.class);
    private static final int ROUNDS = 300;

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    @Test
    void waitForAReplicaAfterEachAcquisition() {
        RedisConnector connector = redis.newConnector(redis.settings(Topology.SENTINEL));
        RedisCircuit circuit = redis.closeAfterTest(new RedisCircuit(RedisBreakerSettings.DEFAULTS, connector::ping));
        RedisLockService locks = new RedisLockService(connector, circuit, redis.keyPrefix());
        measure(locks, connector, false, ROUNDS / 3); // warm-up
        long[] plain = measure(locks, connector, false, ROUNDS);
        long[] waiting = measure(locks, connector, true, ROUNDS);

        log.info(
                "lock acquire+release on the Sentinel group, {} rounds: median {} µs, p99 {} µs without WAIT;"
                        + " median {} µs, p99 {} µs with WAIT 1 after the acquisition",
                ROUNDS,
                percentile(plain, 50),
                percentile(plain, 99),
                percentile(waiting, 50),
                percentile(waiting, 99));
    }

    private static long[] measure(RedisLockService locks, RedisConnector connector, boolean wait, int rounds) {
        long[] micros = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String name = "cost-" + i;
            long start = System.nanoTime();
            LockLease lease = locks.tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO)
                    .orElseThrow();
            if (wait) {
                assertEquals(1L, connector.strings().waitForReplication(1, 1_000), "a replica has the lock");
            }
            assertTrue(locks.release(lease));
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        return micros;
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }
}
