package dev.portkit.application.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.inmemory.lock.InMemoryLockService;
import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.lock.LockTemplate;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lock's fencing counter restarts low while the stock store keeps the highest token it accepted: the
 * in-memory lock after a process restart (the stock is in a database), or Redis after losing its data. The
 * use cases must recover at once, with one retry, and still never act on a stale read.
 */
class FencingRecoveryTest {

    private static final InventorySettings SETTINGS =
            new InventorySettings(Duration.ofSeconds(3), Duration.ofSeconds(1));

    /** The database: it outlives the process, and so the lock's counters. */
    private final InMemoryStockStore store = new InMemoryStockStore();

    private final Sku sku = new Sku("TICKET-A");
    private CountingLocks restarted;
    private LockTemplate template;

    @BeforeEach
    void runThreeHundredReservationsThenRestartTheLock() {
        try (LockTemplate before = new LockTemplate(new InMemoryLockService())) {
            new SetStock(before, store, SETTINGS).set(new SetStock.Command(sku, 600));
            ReserveStock reserve = new ReserveStock(before, store, SETTINGS);
            for (int i = 0; i < 300; i++) {
                reserve.reserve(new ReserveStock.Command(sku, 1));
            }
        }
        restarted = new CountingLocks(new InMemoryLockService(), true);
        template = new LockTemplate(restarted);
    }

    @AfterEach
    void closeTemplate() {
        template.close();
    }

    @Test
    void theFirstReservationAfterTheRestartSucceedsWithOneRetry() {
        ReservationResult result =
                new ReserveStock(template, store, SETTINGS).reserve(new ReserveStock.Command(sku, 1));

        assertEquals(new ReservationResult.Reserved(sku, 1, 299), result);
        assertEquals(2, restarted.acquisitions.get(), "one stale attempt, one retry");
        new ReserveStock(template, store, SETTINGS).reserve(new ReserveStock.Command(sku, 1));
        assertEquals(3, restarted.acquisitions.get(), "from then on, no retries");
        assertEquals(OptionalInt.of(298), store.find(sku));
    }

    @Test
    void restockingAfterTheRestartSucceedsToo() {
        StockLevel level = new SetStock(template, store, SETTINGS).set(new SetStock.Command(sku, 50));

        assertEquals(new StockLevel(sku, 50), level);
        assertEquals(OptionalInt.of(50), store.find(sku));
    }

    @Test
    void theRetryReadsAgainSoANewerHoldersWriteIsNotUndone() {
        // A holder elsewhere, with a newer token, read and wrote while this process's counter was low.
        store.readForUpdate(sku, 10_000);
        store.write(sku, 5, 10_000);

        ReservationResult result =
                new ReserveStock(template, store, SETTINGS).reserve(new ReserveStock.Command(sku, 2));

        assertEquals(new ReservationResult.Reserved(sku, 2, 3), result, "computed from the newer holder's 5");
        assertEquals(OptionalInt.of(3), store.find(sku));
    }

    @Test
    void aRetryThatIsStaleAgainIsBusyAndChangesNothing() {
        CountingLocks forgetful = new CountingLocks(new InMemoryLockService(), false);
        try (LockTemplate stuck = new LockTemplate(forgetful)) {
            ReserveStock reserve = new ReserveStock(stuck, store, SETTINGS);

            assertThrows(InventoryBusyException.class, () -> reserve.reserve(new ReserveStock.Command(sku, 1)));
        }
        assertEquals(2, forgetful.acquisitions.get(), "one retry, not a loop");
        assertEquals(OptionalInt.of(300), store.find(sku));
    }

    /** Counts acquisitions; with {@code advancing} false, ignores {@link #advanceFencing} (a broken adapter). */
    private static final class CountingLocks implements LockService {

        final AtomicInteger acquisitions = new AtomicInteger();
        private final LockService delegate;
        private final boolean advancing;

        CountingLocks(LockService delegate, boolean advancing) {
            this.delegate = delegate;
            this.advancing = advancing;
        }

        @Override
        public Optional<LockLease> tryAcquire(String name, Duration leaseTime, Duration maxWait) {
            acquisitions.incrementAndGet();
            return delegate.tryAcquire(name, leaseTime, maxWait);
        }

        @Override
        public boolean extend(LockLease lease, Duration leaseTime) {
            return delegate.extend(lease, leaseTime);
        }

        @Override
        public boolean release(LockLease lease) {
            return delegate.release(lease);
        }

        @Override
        public void advanceFencing(String name, long seen) {
            if (advancing) {
                delegate.advanceFencing(name, seen);
            }
        }
    }
}
