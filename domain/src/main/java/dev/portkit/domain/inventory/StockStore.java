package dev.portkit.domain.inventory;

import dev.portkit.domain.lock.StaleFencingTokenException;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.util.OptionalInt;

/**
 * A driven port that stores how many units of each {@link Sku} are in stock (a table in a shared
 * database, in production), and guards changes with fencing tokens.
 *
 * <p><b>Fencing.</b> Changes are made by read-modify-write under the lock named for the sku (see
 * {@link dev.portkit.domain.lock.LockService}). {@link #readForUpdate} and {@link #write} take that
 * lock's fencing token; per sku, the store remembers the highest token it has accepted and rejects a
 * lower one with {@link StaleFencingTokenException}, atomically with the read or write, so that a
 * holder whose lease ran out cannot overwrite a newer holder's work. Reads for update count as well
 * as writes: otherwise a stale holder's write could land between a newer holder's read and its
 * write, and the newer write, computed from the older value, would silently undo it. A token equal
 * to the highest is accepted (the same holder reading, then writing). Tokens of one sku must all
 * come from the same lock name.
 *
 * <p>Stock is never negative. Arguments must not be null. An adapter that cannot reach its store within
 * its timeout throws {@link SourceOfTruthUnavailableException}; a write's outcome is then unknown.
 * Implementations are thread-safe.
 */
public interface StockStore {

    /** The stock of {@code sku}, or empty if it was never set. Not fenced: for display only. */
    OptionalInt find(Sku sku);

    /**
     * The stock of {@code sku} (empty if never set), read to compute a {@link #write}; records
     * {@code fencingToken} as accepted.
     *
     * @throws StaleFencingTokenException if a higher token was accepted for {@code sku}
     */
    OptionalInt readForUpdate(Sku sku, long fencingToken);

    /**
     * Sets the stock of {@code sku}; records {@code fencingToken} as accepted.
     *
     * @param stock zero or more
     * @throws StaleFencingTokenException if a higher token was accepted for {@code sku}; nothing
     *     changed
     */
    void write(Sku sku, int stock, long fencingToken);
}
