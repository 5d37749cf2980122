package dev.portkit.bootstrap.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.StaleFencingTokenException;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the fencing token is for: a holder that pauses past its lease (a GC pause, a frozen VM,
 * simulated here by simply not renewing) and then writes is stopped by the store, and the holder
 * that got the lock meanwhile keeps its write. Two lock adapters on two clients, as two pods.
 */
class StaleLockHolderIT {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private static final Duration SHORT_LEASE = Duration.ofMillis(200);
    private static final Duration LONG_LEASE = Duration.ofSeconds(30);
    private static final Duration PATIENT = Duration.ofSeconds(10);

    private static RedisConnector connectorB;
    private static RedisCircuit circuitB;
    private static RedisLockService podA;
    private static RedisLockService podB;

    private final InMemoryStockStore store = new InMemoryStockStore();
    private final Sku sku = new Sku("TICKET-" + System.nanoTime());
    private final String lock = "inventory:" + sku.value();

    @BeforeAll
    static void connect() {
        podA = new RedisLockService(redis.connector(), redis.circuit(), redis.keyPrefix());
        connectorB = RedisConnector.open(redis.settings());
        circuitB = new RedisCircuit(RedisBreakerSettings.DEFAULTS, () -> connectorB.ping());
        podB = new RedisLockService(connectorB, circuitB, redis.keyPrefix());
    }

    @AfterAll
    static void disconnect() {
        circuitB.close();
        connectorB.close();
    }

    @BeforeEach
    void stock10() {
        LockLease setUp = podB.tryAcquire(lock, LONG_LEASE, Duration.ZERO).orElseThrow();
        store.write(sku, 10, setUp.fencingToken());
        podB.release(setUp);
    }

    @Test
    void aHolderPausedPastItsLeaseIsRejectedAtTheStoreAndTheNewerWriteStands() {
        LockLease paused = podA.tryAcquire(lock, SHORT_LEASE, Duration.ZERO).orElseThrow();
        int seenByPaused = store.readForUpdate(sku, paused.fencingToken()).orElseThrow();
        // ... pod A stalls here; its lease runs out and pod B gets the lock.
        LockLease current = podB.tryAcquire(lock, LONG_LEASE, PATIENT).orElseThrow();
        int seenByCurrent = store.readForUpdate(sku, current.fencingToken()).orElseThrow();
        store.write(sku, seenByCurrent - 1, current.fencingToken());

        // Pod A wakes up, still believing it holds the lock, and writes from its old read.
        StaleFencingTokenException rejected = assertThrows(
                StaleFencingTokenException.class, () -> store.write(sku, seenByPaused - 3, paused.fencingToken()));

        assertTrue(current.fencingToken() > paused.fencingToken());
        assertEquals(current.fencingToken(), rejected.highestSeen());
        assertEquals(OptionalInt.of(9), store.find(sku), "pod B's write stands");
        assertFalse(podA.release(paused), "nor can pod A release pod B's lock");
        assertTrue(podB.release(current));
    }

    @Test
    void aStaleWriteLandingBetweenTheNewerHoldersReadAndWriteIsRejectedToo() {
        LockLease paused = podA.tryAcquire(lock, SHORT_LEASE, Duration.ZERO).orElseThrow();
        int seenByPaused = store.readForUpdate(sku, paused.fencingToken()).orElseThrow();
        LockLease current = podB.tryAcquire(lock, LONG_LEASE, PATIENT).orElseThrow();
        int seenByCurrent = store.readForUpdate(sku, current.fencingToken()).orElseThrow();

        // Pod A writes after pod B has read but before pod B writes: B's read already raised the bar.
        assertThrows(StaleFencingTokenException.class, () -> store.write(sku, seenByPaused - 3, paused.fencingToken()));
        store.write(sku, seenByCurrent - 1, current.fencingToken());

        assertEquals(OptionalInt.of(9), store.find(sku), "no reservation was silently undone");
        assertTrue(podB.release(current));
    }
}
