package dev.portkit.domain.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateLimiter} must have: a sliding window log. An adapter's test extends
 * this class and supplies a fresh limiter and a way to let time pass (a movable clock, or sleeping
 * with a short {@link #window()}). Assertions leave a margin of a fifth of the window.
 */
public abstract class RateLimiterContract {

    protected RateLimiter limiter;
    private Duration window;
    private final String run = UUID.randomUUID().toString();

    /** A new limiter on the test's time source. */
    protected abstract RateLimiter newLimiter();

    /** Lets {@code duration} pass for the limiter (advance a clock, or sleep). */
    protected abstract void elapse(Duration duration);

    /** The window the tests use; adapters on real time override this with a short one. */
    protected Duration window() {
        return Duration.ofMinutes(1);
    }

    @BeforeEach
    void createLimiter() {
        window = window();
        limiter = newLimiter();
    }

    @AfterEach
    void closeLimiter() throws Exception {
        if (limiter instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** A key of this test run only, so that runs sharing a backend do not see each other. */
    protected String key(String name) {
        return name + "-" + run;
    }

    private RateLimit limit(int permits) {
        return new RateLimit("login", permits, window);
    }

    @Test
    void grantsUpToThePermitsThenDenies() {
        RateLimit threePerWindow = limit(3);
        String key = key("alice");

        assertEquals(RateLimitResult.allowed(2), limiter.tryAcquire(threePerWindow, key));
        assertEquals(RateLimitResult.allowed(1), limiter.tryAcquire(threePerWindow, key));
        assertEquals(RateLimitResult.allowed(0), limiter.tryAcquire(threePerWindow, key));
        RateLimitResult denied = limiter.tryAcquire(threePerWindow, key);

        assertFalse(denied.allowed());
        assertEquals(0, denied.remaining());
        assertTrue(denied.retryAfter().compareTo(Duration.ZERO) > 0);
        assertTrue(
                denied.retryAfter().compareTo(window) <= 0, denied.retryAfter().toString());
    }

    @Test
    void theWindowSlidesInsteadOfResettingAtABoundary() {
        RateLimit twoPerWindow = limit(2);
        String key = key("alice");
        assertTrue(limiter.tryAcquire(twoPerWindow, key).allowed());
        elapse(window.dividedBy(2));
        assertTrue(limiter.tryAcquire(twoPerWindow, key).allowed());
        assertFalse(limiter.tryAcquire(twoPerWindow, key).allowed());

        elapse(window.dividedBy(2).plus(fifth()));

        assertEquals(RateLimitResult.allowed(0), limiter.tryAcquire(twoPerWindow, key), "the first left the window");
        assertFalse(limiter.tryAcquire(twoPerWindow, key).allowed(), "the second is still in it");
    }

    @Test
    void retryAfterSaysWhenTheOldestAttemptLeavesTheWindow() {
        RateLimit onePerWindow = limit(1);
        String key = key("alice");
        assertTrue(limiter.tryAcquire(onePerWindow, key).allowed());
        elapse(window.dividedBy(4));

        RateLimitResult denied = limiter.tryAcquire(onePerWindow, key);

        assertFalse(denied.allowed());
        Duration upperBound = window.minus(window.dividedBy(4));
        assertTrue(denied.retryAfter().compareTo(upperBound) <= 0, denied.retryAfter() + " > " + upperBound);
        assertTrue(
                denied.retryAfter().compareTo(upperBound.minus(fifth())) >= 0,
                denied.retryAfter().toString());
        elapse(denied.retryAfter().plus(fifth()));
        assertTrue(limiter.tryAcquire(onePerWindow, key).allowed());
    }

    @Test
    void deniedAttemptsAreNotCounted() {
        RateLimit twoPerWindow = limit(2);
        String key = key("alice");
        limiter.tryAcquire(twoPerWindow, key);
        limiter.tryAcquire(twoPerWindow, key);
        for (int i = 0; i < 5; i++) {
            assertFalse(limiter.tryAcquire(twoPerWindow, key).allowed());
        }

        elapse(window.plus(fifth()));

        assertEquals(RateLimitResult.allowed(1), limiter.tryAcquire(twoPerWindow, key));
        assertEquals(RateLimitResult.allowed(0), limiter.tryAcquire(twoPerWindow, key));
    }

    @Test
    void keysAndLimitsHaveTheirOwnCounts() {
        RateLimit perUser = new RateLimit("login-user", 1, window);
        RateLimit perAddress = new RateLimit("login-address", 1, window);
        assertTrue(limiter.tryAcquire(perUser, key("alice")).allowed());

        assertFalse(limiter.tryAcquire(perUser, key("alice")).allowed());
        assertTrue(limiter.tryAcquire(perUser, key("bob")).allowed(), "another key");
        assertTrue(limiter.tryAcquire(perAddress, key("alice")).allowed(), "another limit, same key");
    }

    @Test
    void keysAreComparedExactly() {
        RateLimit onePerWindow = limit(1);
        assertTrue(limiter.tryAcquire(onePerWindow, key("alice")).allowed());

        assertTrue(limiter.tryAcquire(onePerWindow, key("Alice")).allowed());
        assertTrue(limiter.tryAcquire(onePerWindow, key("alice ")).allowed());
        assertTrue(limiter.tryAcquire(onePerWindow, key("ключ {x}:*")).allowed());
        assertFalse(limiter.tryAcquire(onePerWindow, key("ключ {x}:*")).allowed());
    }

    @Test
    void concurrentAttemptsNeverGetMoreThanThePermits() throws Exception {
        // A long window whatever window() is, so that slow threads cannot see the first permits expire.
        RateLimit tenPerWindow = new RateLimit("login", 10, Duration.ofMinutes(1));
        String key = key("alice");
        int threads = 8;
        int attemptsEach = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        int granted = 0;
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> attempts = () -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < attemptsEach; i++) {
                        if (limiter.tryAcquire(tenPerWindow, key).allowed()) {
                            allowed++;
                        }
                    }
                    return allowed;
                };
                results.add(pool.submit(attempts));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                granted += result.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(10, granted);
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> limiter.tryAcquire(null, "k"));
        assertThrows(NullPointerException.class, () -> limiter.tryAcquire(limit(1), null));
    }

    private Duration fifth() {
        return window.dividedBy(5);
    }
}
