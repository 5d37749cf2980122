package dev.portkit.domain.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Waits until other threads are blocked, so that a test can build an interleaving (followers waiting
 * for a leader's work) without guessing how long a sleep must be on a loaded machine.
 */
public final class Threads {

    private static final int STABLE_CHECKS = 3;

    private Threads() {}

    /**
     * Waits until every one of {@code threads} (the caller excluded) is {@link Thread.State#WAITING}:
     * parked without a time limit, as a caller that waits for another thread's result is. The state
     * must hold in a few checks in a row, so that a brief park (a lock handed over) does not count.
     * Don't release the threads from a latch just before: a released thread reads as waiting until
     * it is scheduled again.
     *
     * @return whether they all were within {@code timeout}; the caller asserts on it or goes on
     */
    public static boolean awaitWaiting(Collection<Thread> threads, Duration timeout) {
        List<Thread> others =
                threads.stream().filter(t -> t != Thread.currentThread()).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        int stable = 0;
        while (stable < STABLE_CHECKS) {
            boolean allWaiting = others.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
            stable = allWaiting ? stable + 1 : 0;
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
