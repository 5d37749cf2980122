package dev.portkit.domain.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
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
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch leaderRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<String> leader = pool.submit(() -> flights.run("k", () -> {
                runs.incrementAndGet();
                leaderRunning.countDown();
                await(release);
                return "result";
            }));
            leaderRunning.await();
            List<Future<String>> followers = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                followers.add(pool.submit(() -> flights.run("k", () -> {
                    runs.incrementAndGet();
                    return "not shared";
                })));
            }
            Thread.sleep(100); // let the followers reach the shared run before it ends
            release.countDown();

            assertEquals("result", leader.get(5, TimeUnit.SECONDS));
            for (Future<String> follower : followers) {
                String result = follower.get(5, TimeUnit.SECONDS);
                // a follower scheduled after the run ended starts its own: both outcomes are legal
                assertEquals(true, result.equals("result") || result.equals("not shared"));
            }
            assertEquals(
                    runs.get(),
                    1
                            + followers.stream()
                                    .filter(f -> getQuietly(f).equals("not shared"))
                                    .count());
        } finally {
            pool.shutdownNow();
        }
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

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String getQuietly(Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
