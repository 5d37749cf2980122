package dev.portkit.domain.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RateLimiter} must have (see its Javadoc): never more than the limit in
 * any window, permits back at most {@link RateLimit#countedAtMost()} after their grant, exact counts
 * under concurrency, and no state that outlives its permits. An adapter's test extends this class
 * and supplies a fresh limiter on a clock the test moves, a way to move it, and a look at what the
 * limiter stores for a key.
 */
public abstract class RateLimiterContract {

    protected RateLimiter limiter;
    private Duration window;
    private final String run = UUID.randomUUID().toString();

    /** A new limiter on the test's time source. */
    protected abstract RateLimiter newLimiter();

    /** Lets {@code duration} pass for the limiter (advance its clock). */
    protected abstract void elapse(Duration duration);

    /** How much longer the limiter keeps state for {@code key} under {@code limit}; empty if none. */
    protected abstract Optional<Duration> storedFor(RateLimit limit, String key);

    /**
     * Asserts that the limiter keeps nothing for the key any more. An adapter whose store expires
     * keys on a clock of its own (Redis) overrides this to wait, within a deadline, for it to do so.
     */
    protected void assertNothingStored(RateLimit limit, String key) {
        assertEquals(Optional.empty(), storedFor(limit, key), "state is gone once its permits are");
    }

    /** The window the tests use. */
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
        assertTrue(
                denied.retryAfter().compareTo(window) >= 0, denied.retryAfter().toString());
        assertTrue(
                denied.retryAfter().compareTo(threePerWindow.countedAtMost()) <= 0,
                denied.retryAfter().toString());
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
    void retryAfterIsNeitherEarlyNorMoreThanTwoStepsLate() {
        RateLimit onePerWindow = limit(1);
        String key = key("alice");
        assertTrue(limiter.tryAcquire(onePerWindow, key).allowed());
        elapse(window.dividedBy(4));

        RateLimitResult denied = limiter.tryAcquire(onePerWindow, key);

        assertFalse(denied.allowed());
        Duration exact = window.minus(window.dividedBy(4));
        Duration latest = onePerWindow.countedAtMost().minus(window.dividedBy(4));
        assertTrue(denied.retryAfter().compareTo(exact) >= 0, denied.retryAfter() + " < " + exact);
        assertTrue(denied.retryAfter().compareTo(latest) <= 0, denied.retryAfter() + " > " + latest);
        elapse(denied.retryAfter().minusMillis(1));
        assertFalse(limiter.tryAcquire(onePerWindow, key).allowed(), "a millisecond early");
        elapse(Duration.ofMillis(1));
        assertTrue(limiter.tryAcquire(onePerWindow, key).allowed(), "on time");
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

    /**
     * A random but reproducible history on the test's clock: bursts, pauses of every length (some on
     * step boundaries), and quiet spells longer than the window. Every grant is recorded; the checker
     * then proves the two halves of the contract: no window of the configured length holds more
     * than the permits, and every refusal came when the permits were really used up, i.e. the key
     * had been granted all of them within the last {@code countedAtMost()}.
     */
    @Test
    void neverMoreThanThePermitsInAnyWindowAndNeverRefusedBelowThem() {
        checkHistory(new Random().nextLong());
    }

    /** The check above on the history {@code seed} makes; for an adapter's test of a history that once failed. */
    protected void checkHistory(long seed) {
        RateLimit limit = limit(4);
        String key = key("checked-" + seed);
        long windowMillis = window.toMillis();
        long stepMillis = limit.granularity().toMillis();
        Random random = new Random(seed);
        List<Long> grants = new ArrayList<>();
        long now = 0;
        int denials = 0;
        for (int round = 0; round < 500; round++) {
            long gap = switch (random.nextInt(10)) {
                case 0 -> windowMillis + random.nextInt((int) (3 * stepMillis));
                case 1, 2 -> stepMillis * (1 + random.nextInt(10));
                case 3, 4 -> random.nextLong(windowMillis / 2);
                default -> random.nextLong(windowMillis / 10);
            };
            elapse(Duration.ofMillis(gap));
            now += gap;
            for (int attempt = random.nextInt(4); attempt >= 0; attempt--) {
                RateLimitResult result = limiter.tryAcquire(limit, key);
                if (result.allowed()) {
                    grants.add(now);
                    continue;
                }
                denials++;
                long since = now - limit.countedAtMost().toMillis();
                long recent = grants.stream().filter(t -> t > since).count();
                assertTrue(
                        recent >= limit.permits(),
                        "refused at " + now + " ms with only " + recent + " grants since " + since + " (seed " + seed
                                + ")");
                assertTrue(
                        result.retryAfter().compareTo(limit.countedAtMost()) <= 0,
                        result.retryAfter() + " (seed " + seed + ")");
            }
        }
        for (int i = limit.permits(); i < grants.size(); i++) {
            long span = grants.get(i) - grants.get(i - limit.permits());
            assertTrue(
                    span >= windowMillis,
                    (limit.permits() + 1) + " grants within " + span + " ms, ending at " + grants.get(i) + " ms (seed "
                            + seed + ")");
        }
        assertTrue(
                denials > 50 && grants.size() > 200, "the history exercised both: " + denials + ", " + grants.size());
    }

    /**
     * Many threads on several keys at one moment: each key is granted exactly its permits, no more
     * (atomicity) and no fewer (nothing is lost or held back between concurrent callers).
     */
    @Test
    void concurrentClientsAreCountedExactly() throws Exception {
        RateLimit limit = limit(50);
        String[] keys = {key("k0"), key("k1"), key("k2"), key("k3")};
        int threads = 16;
        int attemptsEach = 40; // 160 attempts for each key's 50 permits
        AtomicIntegerArray granted = new AtomicIntegerArray(keys.length);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> attempts = () -> {
                    start.await();
                    for (int i = 0; i < attemptsEach; i++) {
                        int k = (thread + i) % keys.length;
                        if (limiter.tryAcquire(limit, keys[k]).allowed()) {
                            granted.incrementAndGet(k);
                        }
                    }
                    return null;
                };
                results.add(pool.submit(attempts));
            }
            start.countDown();
            for (Future<Void> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int k = 0; k < keys.length; k++) {
            assertEquals(limit.permits(), granted.get(k), "key " + k);
        }
    }

    @Test
    void stateExpiresWithItsLastPermit() {
        RateLimit limit = limit(3);
        String key = key("alice");
        assertEquals(Optional.empty(), storedFor(limit, key), "nothing before the first attempt");
        assertTrue(limiter.tryAcquire(limit, key).allowed());
        elapse(window.dividedBy(2));
        assertTrue(limiter.tryAcquire(limit, key).allowed());

        Duration stored = storedFor(limit, key).orElseThrow(() -> new AssertionError("a count is kept"));
        assertTrue(stored.compareTo(window) >= 0, "kept at least a window after the last grant: " + stored);
        assertTrue(stored.compareTo(limit.countedAtMost()) <= 0, "and not forever: " + stored);

        elapse(limit.countedAtMost());

        assertNothingStored(limit, key);
        assertEquals(RateLimitResult.allowed(2), limiter.tryAcquire(limit, key), "a fresh start");
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
