package dev.portkit.domain.content;

import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A driven port: the source of truth's feed of committed content changes. A cache that follows it stays
 * coherent with what every process commits, including a process that died after its commit and before it
 * could evict what it had cached (the way large deployments drive cache invalidation from the commit log).
 *
 * <h2>What the feed holds</h2>
 *
 * Every create, update and delete that the {@link ContentRepository} commits is recorded in the same
 * transaction: a change is in the feed if and only if it was committed. Each change has a position; reading
 * after a position returns the changes after it in feed order. Changes of one item are in the order they
 * were committed. Once a reader has read past a position, no change at or before it ever appears: a
 * transaction that commits late is placed after every position that was read before it committed. Changes
 * say what changed, not to what, so reading one twice is harmless.
 *
 * <p>Positions are opaque and only grow; use {@code 0} (before every change) or a position a method
 * returned. Changes are kept for a while (see the adapter) and then purged: a read from a position older
 * than that reports {@link ChangeBatch#missed()}.
 *
 * <h2>Consumers</h2>
 *
 * A consumer, such as the cache every instance shares, has an acknowledged position kept by the feed: every
 * change at or before it has been handled by that consumer. {@link #deliver} hands the next changes to a
 * handler and acknowledges them only once the handler has returned, one process at a time, so that every
 * change reaches the consumer even when the process that was handling it dies.
 *
 * <p>Thread-safe. An adapter that cannot reach its store throws {@link SourceOfTruthUnavailableException}.
 */
public interface ContentChanges {

    /**
     * The feed's end: reading after it returns every change committed from now on (and possibly a few
     * committed just before).
     */
    long end();

    /**
     * The changes after {@code position} that are visible now, in feed order: at most {@code limit}, unless
     * the changes of one transaction take more (a transaction is never split).
     *
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    ChangeBatch read(long position, int limit);

    /**
     * The consumer's acknowledged position; {@code 0} for a consumer that was never delivered anything.
     *
     * @param consumer lower-case letters, digits and {@code -}, starting with a letter
     */
    long acknowledged(String consumer);

    /**
     * {@link #read} but only up to the consumer's acknowledged position: the changes the consumer has
     * handled, e.g. for copies that must not drop an entry before the consumer's store has dropped it.
     */
    ChangeBatch readAcknowledged(String consumer, long position, int limit);

    /**
     * Hands the consumer's next changes to {@code handler}, then acknowledges them.
     *
     * <p>If nothing follows the consumer's acknowledged position (no change, none missed), returns an empty
     * batch at once without calling the handler. Otherwise calls the handler with the changes after it (as
     * {@link #read} would return them) and, once it has returned, acknowledges up to the batch's {@link
     * ChangeBatch#end()}; if the handler throws, acknowledges nothing and rethrows. Deliveries to one consumer
     * never overlap, even from several processes: a call waits while another delivers (up to the adapter's
     * timeout, then {@link SourceOfTruthUnavailableException}). So each change is handled, and acknowledged
     * once, even if a process dies while handling it.
     *
     * @return the batch handed to the handler, or an empty one
     */
    ChangeBatch deliver(String consumer, int limit, Consumer<ChangeBatch> handler);

    /**
     * @return {@code consumer}, if it is a well-formed consumer name
     * @throws IllegalArgumentException if it is not
     */
    static String checkConsumer(String consumer) {
        Objects.requireNonNull(consumer, "consumer");
        if (!Pattern.matches("[a-z][a-z0-9-]{0,39}", consumer)) {
            throw new IllegalArgumentException("a feed consumer is lower-case letters, digits and '-', starting with a"
                    + " letter, at most 40 characters; was \"" + consumer + "\"");
        }
        return consumer;
    }
}
