package dev.portkit.adapters.postgres.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.TestDatabases;
import dev.portkit.domain.inventory.Sku;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.inventory.StockStoreContract;
import dev.portkit.domain.lock.StaleFencingTokenException;
import dev.portkit.testsupport.PostgresServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresStockStoreIT extends StockStoreContract {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private static PostgresDatabase database;
    private static PostgresStockStore store;

    @BeforeAll
    static void open() {
        database = TestDatabases.open(postgres);
        store = new PostgresStockStore(database);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    protected StockStore store() {
        return store;
    }

    /**
     * Many writers with increasing tokens race, unordered. The check and the write are one statement, so a
     * write is refused only for a higher token already accepted, the highest token of all is always accepted,
     * and the row ends with its write: no write with a lower token ever lands after it.
     */
    @Test
    void racingWritersNeverLetATokenGoBackwards() throws Exception {
        Sku sku = new Sku("race-" + System.nanoTime());
        int writers = 8;
        int writesEach = 40;
        AtomicLong tokens = new AtomicLong();
        List<Long> accepted = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < writesEach; i++) {
                        long token = tokens.incrementAndGet();
                        try {
                            store.write(sku, (int) token, token);
                            mine.add(token);
                        } catch (StaleFencingTokenException rejected) {
                            assertTrue(rejected.highestSeen() > token);
                        }
                    }
                    return mine;
                }));
            }
            go.countDown();
            for (Future<List<Long>> future : futures) {
                accepted.addAll(future.get(1, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        long highest = tokens.get();
        assertTrue(accepted.contains(highest), "nothing can overtake the highest token");
        assertEquals(OptionalInt.of((int) highest), store.find(sku), "the newest write stands");
    }
}
