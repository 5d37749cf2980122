package dev.portkit.bootstrap.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.StaleFencingTokenException;
import dev.portkit.testsupport.RedisNode;
import dev.portkit.testsupport.RedisSentinelGroup;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock on a replicated Redis is lost in a failover: pod A acquires it on the primary, the primary dies
 * before its replica has the acquisition, the Sentinels promote the replica, and pod B gets the same lock
 * there. Two holders: no Redis lock can prevent that. The resource's fencing check is what keeps the data
 * safe: B's token is larger than A's (tokens follow the server's clock), so once B has read, A's write is
 * rejected and B's stands.
 */
class LockFailoverFencingIT {

    private static final Logger log = LoggerFactory.getLogger(LockFailoverFencingIT.class);

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration PATIENT = Duration.ofSeconds(30);

    @Test
    void aHolderWhoseLockWasLostInAFailoverIsRejectedByTheResource() {
        RedisSentinelGroup group = redis.sentinel();
        RedisLockService podA = pod();
        RedisLockService podB = pod();
        InMemoryStockStore store = new InMemoryStockStore();
        Sku sku = new Sku("TICKET-" + System.nanoTime());
        String lock = "inventory:" + sku.value();
        LockLease setUp = podB.tryAcquire(lock, LEASE, Duration.ZERO).orElseThrow();
        store.write(sku, 10, setUp.fencingToken());
        podB.release(setUp); // replicated like every write so far

        RedisNode primary = group.master();
        RedisNode replica = group.replica();
        LockLease a;
        try {
            // The replica misses what comes next: it is frozen and its replication link is cut.
            replica.hang();
            primary.call("CLIENT", "KILL", "TYPE", "replica");
            a = podA.tryAcquire(lock, LEASE, Duration.ZERO).orElseThrow();
            primary.kill();
        } finally {
            replica.resume();
        }
        int seenByA = store.readForUpdate(sku, a.fencingToken()).orElseThrow();

        LockLease b;
        try {
            b = acquireOnTheNewPrimary(podB, lock);
        } finally {
            primary.restart();
        }
        // Two holders now: the promoted replica never heard of A's acquisition.
        int seenByB = store.readForUpdate(sku, b.fencingToken()).orElseThrow();
        store.write(sku, seenByB - 1, b.fencingToken());

        StaleFencingTokenException rejected =
                assertThrows(StaleFencingTokenException.class, () -> store.write(sku, seenByA - 3, a.fencingToken()));

        log.info("tokens: A {} (lost in the failover), B {}", a.fencingToken(), b.fencingToken());
        assertTrue(b.fencingToken() > a.fencingToken(), "B's token " + b.fencingToken() + " after A's " + a);
        assertEquals(b.fencingToken(), rejected.highestSeen());
        assertEquals(OptionalInt.of(9), store.find(sku), "B's write stands");
        assertTrue(podB.release(b));
        group.awaitHealthy();
    }

    /** Acquires once the Sentinels have promoted the replica and the pod has found it (failing closed before). */
    private static LockLease acquireOnTheNewPrimary(RedisLockService pod, String lock) {
        AtomicReference<LockLease> lease = new AtomicReference<>();
        long deadline = System.nanoTime() + PATIENT.toNanos();
        while (lease.get() == null) {
            assertTrue(System.nanoTime() < deadline, "no new primary within " + PATIENT.toSeconds() + " s");
            try {
                Optional<LockLease> acquired = pod.tryAcquire(lock, LEASE, Duration.ofSeconds(1));
                acquired.ifPresent(lease::set);
            } catch (RuntimeException failingClosed) {
                sleep();
            }
        }
        return lease.get();
    }

    private static RedisLockService pod() {
        RedisConnector connector = redis.newConnector(redis.settings(Topology.SENTINEL));
        RedisCircuit circuit = redis.closeAfterTest(
                new RedisCircuit(new RedisBreakerSettings(50, 5, Duration.ofMillis(200)), connector::ping));
        return new RedisLockService(connector, circuit, redis.keyPrefix());
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
