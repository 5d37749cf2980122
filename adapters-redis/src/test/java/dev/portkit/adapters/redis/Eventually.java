package dev.portkit.adapters.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds, with a deadline patient enough for a loaded machine. */
final class Eventually {

    private Eventually() {}

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            sleep(Duration.ofMillis(20));
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Subscribes and waits until the subscription is confirmed; subscribes again if it is not within
     * a few seconds (a first attempt may time out on a loaded machine). One attempt at a time: a
     * confirmation that arrives later empties the near cache.
     */
    static void awaitSubscribed(NearCache near) {
        for (int attempt = 0; attempt < 5; attempt++) {
            near.subscribeNow();
            long deadline = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < deadline) {
                if (near.listening()) {
                    return;
                }
                sleep(Duration.ofMillis(20));
            }
        }
        throw new AssertionError("the near cache did not subscribe within 20 s");
    }
}
