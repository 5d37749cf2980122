package dev.portkit.adapters.redis.ratelimit;

import dev.portkit.domain.ratelimit.RateLimitResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one instance holds for one limit and key between its calls to Redis: the permits of its
 * current lease not handed out yet, a denial to repeat until its retry time, and the unused permits
 * of an expired lease, to return with the next call.
 *
 * <p>A lease is handed out only within one step of the moment its call was sent, which is at or
 * before the moment Redis counted it; Redis counts every permit for two steps beyond the window, so
 * a permit handed out late is still counted for a whole window after it is used. The next lease's
 * size doubles when a lease was used up in time (up to {@code maxLease}), and shrinks to what was
 * used when one expired with permits left.
 *
 * <p>Thread-safe. {@link #take} is the path of almost every request and takes no lock: a busy key
 * is used by many threads at once. The rest runs only around a call to Redis, one at a time per key
 * (the caller makes sure), under the monitor, never waiting on Redis under it.
 */
final class LocalPermits {

    /** What the next call to Redis asks for and returns. */
    record Request(int want, int refund, long refundStep) {}

    /** Redis's answer: the permits granted (0: denied), how many are left, their step, the retry time. */
    record Reply(int granted, int remaining, long step, long retryMillis) {}

    /** Permits Redis counted in one step, handed out here until {@code end} (ticker nanos). */
    private record Lease(int size, int remaining, long step, long end, AtomicInteger left) {}

    private final int maxLease;
    private final long lifetimeNanos;
    private volatile Lease lease;
    private volatile boolean denied;
    private volatile long deniedUntil; // ticker nanos; written before denied
    private int nextLease = 1; // guarded by this, as the two below
    private int refund;
    private long refundStep;

    LocalPermits(int maxLease, Duration lifetime) {
        this.maxLease = maxLease;
        this.lifetimeNanos = lifetime.toNanos();
    }

    /** A permit of the current lease, or the current denial; empty when Redis must be asked. */
    Optional<RateLimitResult> take(long now) {
        if (denied) {
            long until = deniedUntil;
            if (now - until < 0) {
                return Optional.of(RateLimitResult.denied(Duration.ofNanos(until - now)));
            }
        }
        Lease current = lease;
        if (current != null && now - current.end() < 0) {
            for (int left = current.left().get();
                    left > 0;
                    left = current.left().get()) {
                if (current.left().compareAndSet(left, left - 1)) {
                    return Optional.of(RateLimitResult.allowed(current.remaining() + left - 1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The next call's request, or empty if a lease with permits in time arrived meanwhile. An
     * expired lease's unused permits are taken back from it and handed to the request.
     */
    synchronized Optional<Request> request(long now) {
        Lease current = lease;
        if (current != null) {
            if (now - current.end() < 0 && current.left().get() > 0) {
                return Optional.empty();
            }
            int unused = current.left().getAndSet(0);
            if (unused > 0) {
                giveBack(unused, current.step());
                nextLease = Math.max(1, current.size() - unused);
            } else {
                nextLease = Math.min(maxLease, current.size() * 2);
            }
            lease = null;
        }
        Request request = new Request(nextLease, refund, refundStep);
        refund = 0;
        return Optional.of(request);
    }

    /**
     * Installs Redis's reply to a call sent at {@code sentAt}: the caller gets the first permit (or
     * the denial), the rest are left for later callers while the lease lasts.
     */
    synchronized RateLimitResult install(Reply reply, long sentAt, long now) {
        if (reply.granted() == 0) {
            deniedUntil = sentAt + Duration.ofMillis(reply.retryMillis()).toNanos();
            denied = true;
            return RateLimitResult.denied(Duration.ofMillis(Math.max(1, reply.retryMillis())));
        }
        denied = false;
        int rest = reply.granted() - 1;
        long end = sentAt + lifetimeNanos;
        if (rest > 0 && now - end >= 0) { // the answer came too late to hand out the rest
            giveBack(rest, reply.step());
            rest = 0;
        }
        lease = new Lease(reply.granted(), reply.remaining(), reply.step(), end, new AtomicInteger(rest));
        return RateLimitResult.allowed(reply.remaining() + rest);
    }

    /** Keeps the newest unused permits to return; older ones of another step stay counted (safe). */
    private void giveBack(int count, long step) {
        if (refund > 0 && refundStep != step) {
            refund = 0;
        }
        refund += count;
        refundStep = step;
    }
}
