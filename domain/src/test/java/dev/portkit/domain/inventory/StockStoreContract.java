package dev.portkit.domain.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.lock.StaleFencingTokenException;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StockStore} adapter must have, above all the fencing check that makes
 * a lease-based lock safe. Extend it once per adapter; each test uses a sku of its own.
 */
public abstract class StockStoreContract {

    private final Sku sku = new Sku("sku-" + UUID.randomUUID());

    /** The store under test. */
    protected abstract StockStore store();

    @Test
    void anUnknownSkuHasNoStock() {
        assertTrue(store().find(sku).isEmpty());
        assertTrue(store().readForUpdate(sku, 1).isEmpty());
    }

    @Test
    void aWriteIsReadBack() {
        store().write(sku, 7, 1);

        assertEquals(OptionalInt.of(7), store().find(sku));
        assertEquals(OptionalInt.of(7), store().readForUpdate(sku, 2));
        store().write(sku, 0, 2);
        assertEquals(OptionalInt.of(0), store().find(sku));
    }

    @Test
    void theSameTokenMayReadThenWriteAndWriteAgain() {
        store().write(sku, 5, 3);
        store().readForUpdate(sku, 3);
        store().write(sku, 4, 3);
        store().write(sku, 3, 3);

        assertEquals(OptionalInt.of(3), store().find(sku));
    }

    @Test
    void aWriteWithAnOlderTokenIsRejectedAndTheNewerWriteStands() {
        store().write(sku, 10, 5);

        StaleFencingTokenException e = assertThrows(StaleFencingTokenException.class, () -> store().write(sku, 99, 4));

        assertEquals(4, e.presented());
        assertEquals(5, e.highestSeen());
        assertEquals(OptionalInt.of(10), store().find(sku));
    }

    @Test
    void aStaleWriteBetweenANewerHoldersReadAndWriteIsRejected() {
        store().write(sku, 10, 1);
        store().readForUpdate(sku, 2); // a stale holder reads, then pauses past its lease
        store().readForUpdate(sku, 3); // the next holder reads

        assertThrows(StaleFencingTokenException.class, () -> store().write(sku, 7, 2));
        store().write(sku, 8, 3);
        assertEquals(OptionalInt.of(8), store().find(sku));
    }

    @Test
    void aReadForUpdateWithAnOlderTokenIsRejected() {
        store().write(sku, 10, 5);

        assertThrows(StaleFencingTokenException.class, () -> store().readForUpdate(sku, 4));
    }

    @Test
    void tokensAreTrackedPerSku() {
        Sku other = new Sku("other-" + UUID.randomUUID());
        store().write(sku, 1, 100);

        store().write(other, 2, 1);

        assertEquals(OptionalInt.of(2), store().find(other));
    }

    @Test
    void negativeStockIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> store().write(sku, -1, 1));
        assertTrue(store().find(sku).isEmpty());
    }
}
