package dev.portkit.adapters.redis.ratelimit;

import dev.portkit.domain.ratelimit.RateLimitResult;
import java.time.Duration;
import java.util.Optional;

/**
 * What one instance holds for one limit and key between its calls to Redis: the permits of its
 * current lease not handed out yet, a denial to repeat until its retry time, and the unused permits
 * of an expired lease, to return with the next call.
 *
 * <p>A lease is handed out only within one step of the moment its call was sent, which is at or
 * before the moment Redis counted it; Redis counts every permit for two steps beyond the window, so
 * a permit handed out late is still counted for a whole window after it is used. The next lease's
 * size doubles when a lease is used up in time (up to {@code maxLease}), and shrinks to what was
 * used when one expires with permits left.
 *
 * <p>Thread-safe: every method holds the monitor briefly and never waits on Redis under it.
 */
final class LocalPermits {

    /** What the next call to Redis asks for and returns. */
    record Request(int want, int refund, long refundStep) {}

    /** Redis's answer: the permits granted (0: denied), how many are left, their step, the retry time. */
    record Reply(int granted, int remaining, long step, long retryMillis) {}

    private final int maxLease;
    private final long lifetimeNanos;
    private int nextLease = 1;
    private int leased; // size of the current lease
    private int left; // of the current lease, not handed out
    private int remaining; // in Redis after the current lease
    private long leaseStep;
    private long leaseEnd; // ticker nanos
    private boolean denied;
    private long deniedUntil; // ticker nanos
    private int refund;
    private long refundStep;

    LocalPermits(int maxLease, Duration lifetime) {
        this.maxLease = maxLease;
        this.lifetimeNanos = lifetime.toNanos();
    }

    /** A permit of the current lease, or the current denial; empty when Redis must be asked. */
    synchronized Optional<RateLimitResult> take(long now) {
        if (denied) {
            if (now - deniedUntil < 0) {
                return Optional.of(RateLimitResult.denied(Duration.ofNanos(deniedUntil - now)));
            }
            denied = false;
        }
        if (left > 0) {
            if (now - leaseEnd < 0) {
                return Optional.of(handOut());
            }
            giveBack(left, leaseStep);
            nextLease = Math.max(1, leased - left);
            left = 0;
        }
        return Optional.empty();
    }

    /** The next call's request; the permits to return are handed to it. */
    synchronized Request request() {
        Request request = new Request(nextLease, refund, refundStep);
        refund = 0;
        return request;
    }

    /**
     * Installs Redis's reply to a call sent at {@code sentAt}: the caller gets the first permit (or
     * the denial), the rest are kept for later callers while the lease lasts.
     */
    synchronized RateLimitResult install(Reply reply, long sentAt, long now) {
        if (reply.granted() == 0) {
            denied = true;
            deniedUntil = sentAt + Duration.ofMillis(reply.retryMillis()).toNanos();
            return RateLimitResult.denied(Duration.ofMillis(Math.max(1, reply.retryMillis())));
        }
        leased = reply.granted();
        left = reply.granted();
        remaining = reply.remaining();
        leaseStep = reply.step();
        leaseEnd = sentAt + lifetimeNanos;
        RateLimitResult first = handOut();
        if (left > 0 && now - leaseEnd >= 0) { // the answer came too late to hand out the rest
            giveBack(left, leaseStep);
            left = 0;
        }
        return first;
    }

    private RateLimitResult handOut() {
        left--;
        if (left == 0) {
            nextLease = Math.min(maxLease, leased * 2);
        }
        return RateLimitResult.allowed(remaining + left);
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
