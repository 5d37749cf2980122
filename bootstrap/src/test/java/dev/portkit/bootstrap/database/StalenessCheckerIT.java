package dev.portkit.bootstrap.database;

import static dev.portkit.bootstrap.database.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.testsupport.PostgresServerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A randomized checker over HTTP, on two instances sharing PostgreSQL and Redis (near caches on): writers
 * update half the items through either instance or, now and then, as an instance that dies before evicting,
 * and the other half only as such a dead instance (so that only the database's change feed can tell the
 * caches); readers read them through either instance. Every operation's start, end and version is recorded; afterwards no read
 * may return a version older than one whose write had returned before the read started, on the instance that
 * wrote it, nor {@link #BOUND} before it, on any instance: the staleness bound the README states. Seeded from
 * {@code -Dportkit.checker.seed}, else at random; a failure names the seed.
 */
class StalenessCheckerIT {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** Two relay rounds are ~200 ms; this leaves a loaded machine room and is far below any TTL. */
    private static final Duration BOUND = Duration.ofSeconds(1);

    private static final int ITEMS = 4;
    private static final int WRITERS = 2;
    private static final int READERS = 4;
    private static final Duration RUN_FOR = Duration.ofSeconds(6);
    private static final int DEAD = -1;

    private final long seed = Long.getLong("portkit.checker.seed", new Random().nextLong());
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void noReadIsStalerThanTheBoundWhoeverWroteAndWhetherItLived() throws Exception {
        List<ApiClient> instances = List.of(start(), start());
        String token = instances.get(0).logIn();
        List<ApiClient> writers = instances.stream()
                .map(i -> new ApiClient(i.port()).withToken(token))
                .toList();
        DeadWriter dead = new DeadWriter(postgres);
        started.add(dead);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(writers.get(0).create("event", "{\"n\":0}"));
        }
        List<Op> history = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + RUN_FOR.toNanos();
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        started.add(pool::shutdownNow);
        for (int w = 0; w < WRITERS; w++) {
            Random random = new Random(seed * 31 + w);
            int writer = w;
            threads.add(CompletableFuture.runAsync(
                    () -> {
                        while (System.nanoTime() < deadline) {
                            int key = writer + WRITERS * random.nextInt(ITEMS / WRITERS); // one writer per item
                            history.add(write(random, key, items.get(key), writers, dead));
                        }
                    },
                    pool));
        }
        for (int r = 0; r < READERS; r++) {
            Random random = new Random(seed * 31 + WRITERS + r);
            threads.add(CompletableFuture.runAsync(
                    () -> {
                        while (System.nanoTime() < deadline) {
                            int key = random.nextInt(ITEMS);
                            int instance = random.nextInt(instances.size());
                            long start = System.nanoTime();
                            int version = version(instances.get(instance).get(items.get(key)));
                            history.add(new Op(false, key, instance, start, System.nanoTime(), version));
                        }
                    },
                    pool));
        }
        for (CompletableFuture<Void> thread : threads) {
            thread.get(2, TimeUnit.MINUTES);
        }

        List<String> violations = violations(history);
        long deadWrites =
                history.stream().filter(op -> op.write && op.instance == DEAD).count();
        assertTrue(deadWrites > 5, "writes by a dead instance: " + deadWrites);
        assertTrue(history.stream().filter(op -> !op.write).count() > 100, "reads: " + history.size());
        assertTrue(
                violations.isEmpty(),
                () -> violations.size() + " stale reads in " + history.size() + " operations (seed " + seed
                        + ", rerun with -Dportkit.checker.seed=" + seed + "); the first:\n"
                        + String.join("\n", violations.subList(0, Math.min(5, violations.size()))));
    }

    private Op write(Random random, int key, String item, List<ApiClient> writers, DeadWriter dead) {
        boolean onlyDead = key >= ITEMS / 2;
        int through = onlyDead || random.nextInt(10) < 3 ? DEAD : random.nextInt(writers.size());
        String data = "{\"n\":" + random.nextInt(1_000) + "}";
        long start = System.nanoTime();
        int version = through == DEAD
                ? (int) dead.update(item, data).version()
                : version(writers.get(through).putContent(item, data));
        return new Op(true, key, through, start, System.nanoTime(), version);
    }

    /** Reads that returned a version older than a write they must see. */
    private static List<String> violations(List<Op> history) {
        List<Op> writes = history.stream()
                .filter(op -> op.write)
                .sorted(Comparator.comparingLong(op -> op.end))
                .toList();
        List<String> found = new ArrayList<>();
        for (Op read : history) {
            if (read.write) {
                continue;
            }
            for (Op write : writes) {
                if (write.key != read.key || write.version <= read.version) {
                    continue;
                }
                long visibleBy = write.end + (write.instance == read.instance ? 0 : BOUND.toNanos());
                if (visibleBy < read.start) {
                    found.add(String.format(
                            "  a read of item %d on instance %d returned version %d, %.1f ms after version %d was"
                                    + " written %s",
                            read.key,
                            read.instance,
                            read.version,
                            (read.start - write.end) / 1e6,
                            write.version,
                            write.instance == DEAD ? "by a dead instance" : "on instance " + write.instance));
                    break;
                }
            }
        }
        return found;
    }

    private ApiClient start() {
        Instance instance = Instance.on(postgres, redis);
        started.add(instance);
        return instance.api();
    }

    private static int version(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return json(response).get("version").asInt();
    }

    /** One operation: a write or a read, of which item, through which instance (or a dead one), when. */
    private record Op(boolean write, int key, int instance, long start, long end, int version) {}
}
