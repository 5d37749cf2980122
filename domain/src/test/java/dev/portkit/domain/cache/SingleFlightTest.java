package dev.portkit.domain.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    private final SingleFlight<String> flights = new SingleFlight<>();

    @Test
    void callersThatArriveDuringARunShareIt() throws Exception {
        int callers = 8;
        AtomicInteger runs = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            CompletableFuture<String> result = new CompletableFuture<>();
            results.add(result);
            threads.add(new Thread(() -> result.complete(flights.run("k", () -> {
                runs.incrementAndGet();
                // the run lasts until every other caller waits for it: they can only be sharing it
                Threads.awaitWaiting(threads, Duration.ofSeconds(10));
                return "shared";
            }))));
        }
        threads.forEach(Thread::start);
        for (CompletableFuture<String> result : results) {
            assertEquals("shared", result.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, runs.get(), "the work ran once for all callers");
    }

    @Test
    void theNextCallerAfterARunStartsANewOne() {
        assertEquals("first", flights.run("k", () -> "first"));
        assertEquals("second", flights.run("k", () -> "second"));
    }

    @Test
    void theExceptionReachesEveryCallerUnchangedAndIsNotRemembered() {
        IllegalStateException failure = new IllegalStateException("boom");

        assertSame(
                failure,
                assertThrows(
                        IllegalStateException.class,
                        () -> flights.run("k", () -> {
                            throw failure;
                        })));
        assertEquals("next", flights.run("k", () -> "next"));
    }

    @Test
    void differentKeysRunIndependently() {
        assertEquals("a", flights.run("a", () -> flights.run("b", () -> "b").equals("b") ? "a" : "?"));
    }

    @Test
    void aDetachedRunKeepsItsCallersButNotLaterOnes() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> flights.run("k", run -> {
                running.countDown();
                await(release);
                return run.detached() ? "old, detached" : "old";
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS));

            flights.detach("k");

            Future<String> later = pool.submit(() -> flights.run("k", () -> "new"));
            assertEquals("new", later.get(10, TimeUnit.SECONDS), "a later caller starts its own run");
            release.countDown();
            assertEquals("old, detached", first.get(10, TimeUnit.SECONDS), "the run's caller gets its result");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void detachIfDetachesTheMatchingRunsOnly() throws Exception {
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> a = pool.submit(() -> flights.run("ns1:a", run -> {
                running.countDown();
                await(release);
                return run.detached();
            }));
            Future<Boolean> b = pool.submit(() -> flights.run("ns2:b", run -> {
                running.countDown();
                await(release);
                return run.detached();
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS));

            flights.detachIf(key -> key.startsWith("ns1:"));
            release.countDown();

            assertTrue(a.get(10, TimeUnit.SECONDS));
            assertFalse(b.get(10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aRunOlderThanTheJoinLimitIsNotJoined() throws Exception {
        AtomicInteger nanos = new AtomicInteger();
        SingleFlight<String> limited = new SingleFlight<>(Duration.ofNanos(100), nanos::get);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> old = pool.submit(() -> limited.run("k", () -> {
                running.countDown();
                await(release);
                return "old";
            }));
            assertTrue(running.await(10, TimeUnit.SECONDS));

            nanos.set(100);

            assertEquals(
                    "fresh", pool.submit(() -> limited.run("k", () -> "fresh")).get(10, TimeUnit.SECONDS));
            release.countDown();
            assertEquals("old", old.get(10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for the test");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
