package dev.portkit.domain.lock;

import java.time.Duration;
import java.util.Optional;

/**
 * A driven port for named, leased, mutually exclusive locks shared by every instance of the service
 * (a distributed lock), each acquisition stamped with a fencing token.
 *
 * <p><b>Leases.</b> A lock is held for a lease: if the holder crashes or stalls, the lock frees
 * itself when the lease runs out, so a dead holder cannot block everyone forever. The price is that
 * a holder that pauses past its lease (a GC pause, a slow network, a stopped VM) can go on working
 * while somebody else holds the lock. No lock can prevent that; the fencing token makes it harmless.
 *
 * <p><b>Fencing tokens.</b> Every successful acquisition of a lock name returns a token strictly
 * greater than every token issued before for that name, to any holder on any instance. A holder
 * passes its token with every read-for-update and write to the protected resource, and the resource
 * rejects a token lower than the highest it has seen (see {@link StaleFencingTokenException}). A
 * holder whose lease ran out is thereby stopped at the resource, where it matters, even though it
 * still believes it holds the lock. Use the lock to keep holders from wasting work on each other;
 * rely on the fencing check to keep the data correct.
 *
 * <p><b>Counters that restart low.</b> A fencing counter can lose its state while the resource keeps
 * its own: Redis loses its data (a restart without persistence, {@code FLUSHALL}, an evicted key), or
 * an in-process lock restarts with its process while the resource is a database. The resource then
 * rejects every new token as stale until the counter has climbed past the highest it has seen. A
 * holder that gets {@link StaleFencingTokenException} tells the lock what the resource has seen with
 * {@link #advanceFencing} and acquires again: the next token is higher, so a counter that restarted
 * costs one retry, while a holder that was genuinely stale simply waits for its turn.
 *
 * <p><b>Owners.</b> A {@link LockLease} identifies one acquisition. {@link #extend} and {@link
 * #release} succeed only for the current holder's lease; for a lease that expired or was replaced
 * by another holder's they change nothing and return {@code false}.
 *
 * <p><b>Failure.</b> When the backing service cannot be reached, every method throws {@link
 * LockUnavailableException} promptly (within the adapter's command timeout) rather than guessing:
 * an adapter never falls back to a weaker lock (such as an in-process one), which would let two
 * instances in at once. Callers treat it as "try again later".
 *
 * <p>Names are non-blank, case-sensitive strings; use a bounded set of them (such as one per stock
 * item), because adapters keep each name's fencing counter forever. Arguments must not be null.
 * Implementations are thread-safe. For running an action under a lock with automatic renewal, use
 * {@link LockTemplate}.
 */
public interface LockService {

    /**
     * Tries to acquire the lock for {@code leaseTime}, waiting up to {@code maxWait} while another holder
     * has it.
     *
     * @param name the lock's name
     * @param leaseTime how long the lock stays held unless extended or released; at least 1 ms
     * @param maxWait how long to wait for the lock to become free; {@link Duration#ZERO} tries once
     * @return the lease, or empty when the lock stayed taken for {@code maxWait}, or when the calling
     *     thread was interrupted while waiting (its interrupt status is then set)
     * @throws LockUnavailableException when the lock service cannot be reached
     */
    Optional<LockLease> tryAcquire(String name, Duration leaseTime, Duration maxWait);

    /**
     * Sets the remaining time of a lease still held to {@code leaseTime} from now (at least 1 ms).
     *
     * @return {@code true} if the lease was still held and is now extended; {@code false} if it had
     *     expired or another holder has the lock, which is left untouched
     * @throws LockUnavailableException when the lock service cannot be reached
     */
    boolean extend(LockLease lease, Duration leaseTime);

    /**
     * Releases a lease still held, so that the next holder gets in at once.
     *
     * @return {@code true} if the lease was held and is now released; {@code false} if it had
     *     expired or another holder has the lock, which is left untouched
     * @throws LockUnavailableException when the lock service cannot be reached (the lease then ends
     *     when it runs out)
     */
    boolean release(LockLease lease);

    /**
     * Records that the protected resource has seen fencing token {@code seen} for this lock name: every
     * acquisition from now on gets a token greater than {@code seen}. Never lowers the counter, and
     * leaves a current holder and its lease untouched. Idempotent.
     *
     * @param seen the highest token the resource has accepted ({@link
     *     StaleFencingTokenException#highestSeen()}); zero or more
     * @throws LockUnavailableException when the lock service cannot be reached
     */
    void advanceFencing(String name, long seen);
}
