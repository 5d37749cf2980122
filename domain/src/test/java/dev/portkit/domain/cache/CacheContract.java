package dev.portkit.domain.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.testing.OnTime;
import dev.portkit.domain.testing.Threads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Cache} adapter must show. An adapter's test extends this class and
 * says how to create a cache; every test here then runs against that adapter.
 *
 * <p>TTL tests call {@link #advanceTime}: adapters with an injectable ticker move it forward, the
 * others leave the default no-op and the tests poll until the store has expired the entry. What must
 * still be there right after a write with a short TTL is checked under {@link OnTime}: a loaded
 * machine can take longer than the TTL between the write and the read, which says nothing about the
 * adapter, and such a run is repeated.
 */
public abstract class CacheContract {

    /** Long enough that a value read right after its put has not expired, even on a slow machine. */
    protected static final Duration SHORT_TTL = Duration.ofSeconds(1);

    protected static final Codec<String> UTF8 = Codec.utf8();
    protected static final CacheNamespace ARTICLES = CacheNamespace.of("articles", Duration.ofMinutes(5));
    protected static final CacheNamespace USERS = CacheNamespace.of("users", Duration.ofMinutes(5));
    protected static final CacheNamespace WITH_NEGATIVE =
            new CacheNamespace("profiles", Duration.ofMinutes(5), SHORT_TTL);

    protected Cache cache;

    /**
     * A new cache for one test. Adapters with a shared store put every key under {@code keyPrefix},
     * so caches with different prefixes never see each other; in-process adapters may ignore it.
     */
    protected abstract Cache createCache(String keyPrefix);

    /** Lets {@code duration} pass for the cache's expiry; the default does nothing (real time). */
    protected void advanceTime(Duration duration) {}

    @BeforeEach
    void createCacheUnderTest() {
        cache = createCache(uniquePrefix());
    }

    protected static String uniquePrefix() {
        return "contract-" + UUID.randomUUID() + ":";
    }

    @Test
    void missingKeyIsAMiss() {
        assertEquals(Optional.empty(), cache.get(ARTICLES, "missing", UTF8));
        assertEquals(1, cache.stats(ARTICLES).misses());
        assertEquals(0, cache.stats(ARTICLES).hits());
    }

    @Test
    void putValueIsAHit() {
        cache.put(ARTICLES, "a1", "hello", UTF8);

        assertEquals(Optional.of("hello"), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(1, cache.stats(ARTICLES).hits());
    }

    @Test
    void putOverwritesTheValue() {
        cache.put(ARTICLES, "a1", "v1", UTF8);
        cache.put(ARTICLES, "a1", "v2", UTF8);

        assertEquals(Optional.of("v2"), cache.get(ARTICLES, "a1", UTF8));
    }

    @Test
    void deleteRemovesTheEntry() {
        cache.put(ARTICLES, "a1", "v1", UTF8);

        cache.delete(ARTICLES, "a1");
        cache.delete(ARTICLES, "never-there");

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
    }

    @Test
    void deleteAllRemovesOnlyTheGivenKeys() {
        cache.put(ARTICLES, "a1", "v1", UTF8);
        cache.put(ARTICLES, "a2", "v2", UTF8);
        cache.put(ARTICLES, "a3", "v3", UTF8);

        cache.deleteAll(ARTICLES, List.of("a1", "a2", "never-there"));
        cache.deleteAll(ARTICLES, List.of());

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a2", UTF8));
        assertEquals(Optional.of("v3"), cache.get(ARTICLES, "a3", UTF8));
    }

    @Test
    void entryExpiresAfterItsTtl() {
        OnTime.run(SHORT_TTL, 5, run -> {
            String key = "a" + run.number();
            run.mark();
            cache.put(ARTICLES, key, "v1", UTF8, SHORT_TTL);
            assertEquals(Optional.of("v1"), cache.get(ARTICLES, key, UTF8));
            run.settled();

            advanceTime(SHORT_TTL.plusMillis(1));

            assertEventually(() -> cache.get(ARTICLES, key, UTF8).isEmpty(), "entry expired");
        });
    }

    @Test
    void putWithoutTtlUsesTheNamespaceTtl() {
        CacheNamespace shortLived = CacheNamespace.of("short-lived", SHORT_TTL);
        OnTime.run(SHORT_TTL, 5, run -> {
            String key = "k" + run.number();
            run.mark();
            cache.put(shortLived, key, "v", UTF8);
            cache.put(ARTICLES, key, "v", UTF8);
            assertEquals(Optional.of("v"), cache.get(shortLived, key, UTF8));
            run.settled();

            advanceTime(SHORT_TTL.plusMillis(1));

            assertEventually(() -> cache.get(shortLived, key, UTF8).isEmpty(), "entry expired");
            assertEquals(Optional.of("v"), cache.get(ARTICLES, key, UTF8));
        });
    }

    @Test
    void putRejectsANonPositiveTtl() {
        assertThrows(IllegalArgumentException.class, () -> cache.put(ARTICLES, "k", "v", UTF8, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> cache.put(ARTICLES, "k", "v", UTF8, Duration.ofSeconds(-1)));
    }

    @Test
    void namespacesAreIsolated() {
        cache.put(ARTICLES, "42", "article 42", UTF8);
        cache.put(USERS, "42", "user 42", UTF8);

        assertEquals(Optional.of("article 42"), cache.get(ARTICLES, "42", UTF8));
        assertEquals(Optional.of("user 42"), cache.get(USERS, "42", UTF8));

        cache.delete(USERS, "42");
        assertEquals(Optional.of("article 42"), cache.get(ARTICLES, "42", UTF8));
    }

    @Test
    void invalidateDropsTheWholeNamespaceOnly() {
        cache.put(ARTICLES, "a1", "v1", UTF8);
        cache.put(ARTICLES, "a2", "v2", UTF8);
        cache.put(USERS, "u1", "user", UTF8);

        cache.invalidate(ARTICLES);

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a2", UTF8));
        assertEquals(Optional.of("user"), cache.get(USERS, "u1", UTF8));
        cache.put(ARTICLES, "a1", "after", UTF8);
        assertEquals(Optional.of("after"), cache.get(ARTICLES, "a1", UTF8));
    }

    @Test
    void invalidateOfAnUnusedNamespaceIsHarmless() {
        cache.invalidate(USERS);
        cache.invalidate(USERS);

        cache.put(USERS, "u1", "user", UTF8);
        assertEquals(Optional.of("user"), cache.get(USERS, "u1", UTF8));
    }

    @Test
    void cachesWithDifferentKeyPrefixesDoNotSeeEachOther() {
        Cache other = createCache(uniquePrefix());
        cache.put(ARTICLES, "a1", "mine", UTF8);
        other.put(ARTICLES, "a2", "theirs", UTF8);

        assertEquals(Optional.empty(), other.get(ARTICLES, "a1", UTF8));
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a2", UTF8));

        other.invalidate(ARTICLES);
        assertEquals(Optional.of("mine"), cache.get(ARTICLES, "a1", UTF8));
    }

    @Test
    void getOrLoadLoadsOnAMissAndCachesTheResult() {
        AtomicInteger loads = new AtomicInteger();
        Supplier<Optional<String>> loader = () -> {
            loads.incrementAndGet();
            return Optional.of("loaded");
        };

        CacheResult<String> first = cache.getOrLoad(ARTICLES, "a1", UTF8, loader);
        CacheResult<String> second = cache.getOrLoad(ARTICLES, "a1", UTF8, loader);

        assertEquals(new CacheResult<>(Optional.of("loaded"), false), first);
        assertEquals(new CacheResult<>(Optional.of("loaded"), true), second);
        assertEquals(1, loads.get());
        assertEquals(Optional.of("loaded"), cache.get(ARTICLES, "a1", UTF8));
        assertEquals(1, cache.stats(ARTICLES).loads());
    }

    @Test
    void concurrentMissesForOneKeyShareASingleLoad() {
        assertConcurrentMissesShareOneLoad(cache, ARTICLES, "hot");
    }

    /**
     * Sixteen threads miss one key at once; the loader runs until every other caller waits (for the
     * shared load), so it can only run once. Public for adapter tests that check the same under
     * faults (a failing store, a fallback).
     */
    public static void assertConcurrentMissesShareOneLoad(Cache cache, CacheNamespace ns, String key) {
        int callers = 16;
        AtomicInteger loads = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<CacheResult<String>>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            CompletableFuture<CacheResult<String>> result = new CompletableFuture<>();
            results.add(result);
            // no start barrier: a thread released from one would look parked until it runs again
            threads.add(new Thread(() -> {
                try {
                    result.complete(cache.getOrLoad(ns, key, UTF8, () -> {
                        loads.incrementAndGet();
                        Threads.awaitWaiting(threads, Duration.ofSeconds(10));
                        return Optional.of("value");
                    }));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (CompletableFuture<CacheResult<String>> result : results) {
            assertEquals(
                    Optional.of("value"),
                    result.orTimeout(60, TimeUnit.SECONDS).join().value());
        }
        assertEquals(1, loads.get(), "concurrent misses for one key ran the loader once");
    }

    /**
     * The randomized check of the whole contract under concurrency: cache-aside writers and readers
     * on a few hot keys; no read may return a version older than a write that completed before it
     * started. See {@link CacheHistoryChecker}.
     */
    @Test
    void noReadReturnsAVersionOlderThanAWriteThatCompletedBeforeIt() {
        int operations = CacheHistoryChecker.defaults().check(List.of(cache), Duration.ZERO);
        assertTrue(operations > 100, "the checker ran " + operations + " operations");
    }

    @Test
    void aCallerArrivingAfterADeleteDoesNotGetALoadThatBeganBeforeIt() throws Exception {
        assertLaterCallersGetTheirOwnLoad(() -> cache.delete(ARTICLES, "a1"));
    }

    @Test
    void aCallerArrivingAfterADeleteAllDoesNotGetALoadThatBeganBeforeIt() throws Exception {
        assertLaterCallersGetTheirOwnLoad(() -> cache.deleteAll(ARTICLES, List.of("a0", "a1")));
    }

    @Test
    void aCallerArrivingAfterAnInvalidateDoesNotGetALoadThatBeganBeforeIt() throws Exception {
        assertLaterCallersGetTheirOwnLoad(() -> cache.invalidate(ARTICLES));
    }

    @Test
    void aCallerArrivingAfterAPutDoesNotGetALoadThatBeganBeforeIt() throws Exception {
        assertLaterCallersGetTheirOwnLoad(() -> cache.put(ARTICLES, "a1", "new", UTF8));
    }

    /**
     * A reader starts loading the old record; a writer updates the source and changes the cache;
     * a reader that starts after that must get the new record, not join the load still running.
     */
    private void assertLaterCallersGetTheirOwnLoad(Runnable change) throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<CacheResult<String>> before = pool.submit(() -> cache.getOrLoad(ARTICLES, "a1", UTF8, () -> {
                loading.countDown();
                await(release);
                return Optional.of("old");
            }));
            assertTrue(loading.await(10, TimeUnit.SECONDS), "the first load started");
            change.run();

            Future<CacheResult<String>> after =
                    pool.submit(() -> cache.getOrLoad(ARTICLES, "a1", UTF8, () -> Optional.of("new")));
            try {
                assertEquals(Optional.of("new"), after.get(5, TimeUnit.SECONDS).value());
            } catch (TimeoutException e) {
                throw new AssertionError("a caller that arrived after the change waits for the load before it");
            }
            release.countDown();
            assertEquals(
                    Optional.of("old"), before.get(10, TimeUnit.SECONDS).value(), "the first load's caller gets it");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertEquals(Optional.of("new"), cache.get(ARTICLES, "a1", UTF8), "the older load was not cached");
    }

    @Test
    void aLoadThatRacesADeleteIsReturnedButNotCached() throws Exception {
        assertLoadRacingAChangeIsNotCached(() -> cache.delete(ARTICLES, "a1"));
    }

    @Test
    void aLoadThatRacesADeleteAllIsReturnedButNotCached() throws Exception {
        assertLoadRacingAChangeIsNotCached(() -> cache.deleteAll(ARTICLES, List.of("a0", "a1")));
    }

    @Test
    void aLoadThatRacesAnInvalidateIsReturnedButNotCached() throws Exception {
        assertLoadRacingAChangeIsNotCached(() -> cache.invalidate(ARTICLES));
    }

    /**
     * The cache-aside race: a reader misses and loads the old record; a writer updates the source and
     * removes the entry; only then does the reader's load finish. Storing it would serve the old
     * record until its TTL.
     */
    private void assertLoadRacingAChangeIsNotCached(Runnable change) throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<CacheResult<String>> reader = pool.submit(() -> cache.getOrLoad(ARTICLES, "a1", UTF8, () -> {
                loading.countDown();
                await(changed);
                return Optional.of("old");
            }));
            assertTrue(loading.await(10, TimeUnit.SECONDS), "the loader started");
            change.run();
            changed.countDown();

            assertEquals(Optional.of("old"), reader.get(10, TimeUnit.SECONDS).value());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", UTF8), "the raced load was not cached");
        CacheResult<String> next = cache.getOrLoad(ARTICLES, "a1", UTF8, () -> Optional.of("new"));
        assertEquals(new CacheResult<>(Optional.of("new"), false), next);
        assertEquals(Optional.of("new"), cache.get(ARTICLES, "a1", UTF8), "the next load is cached again");
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

    @Test
    void loaderFailureReachesTheCallerUnchangedAndIsNotCached() {
        IllegalStateException failure = new IllegalStateException("database down");

        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> cache.getOrLoad(ARTICLES, "a1", UTF8, () -> {
                    throw failure;
                }));
        assertSame(failure, thrown);
        assertEquals(1, cache.stats(ARTICLES).loadFailures());

        CacheResult<String> retried = cache.getOrLoad(ARTICLES, "a1", UTF8, () -> Optional.of("recovered"));
        assertEquals(new CacheResult<>(Optional.of("recovered"), false), retried);
    }

    @Test
    void absentResultIsCachedForTheNegativeTtl() {
        OnTime.run(WITH_NEGATIVE.negativeTtl(), 5, run -> {
            String key = "p" + run.number();
            AtomicInteger loads = new AtomicInteger();
            Supplier<Optional<String>> nothing = () -> {
                loads.incrementAndGet();
                return Optional.empty();
            };

            run.mark();
            assertEquals(
                    new CacheResult<>(Optional.empty(), false), cache.getOrLoad(WITH_NEGATIVE, key, UTF8, nothing));
            assertEquals(new CacheResult<>(Optional.empty(), true), cache.getOrLoad(WITH_NEGATIVE, key, UTF8, nothing));
            assertEquals(Optional.empty(), cache.get(WITH_NEGATIVE, key, UTF8));
            assertEquals(1, loads.get());
            run.settled();

            advanceTime(WITH_NEGATIVE.negativeTtl().plusMillis(1));

            assertEventually(
                    () -> !cache.getOrLoad(WITH_NEGATIVE, key, UTF8, nothing).hit(), "cached absence expired");
            assertEquals(2, loads.get());
        });
    }

    @Test
    void absentResultIsNotCachedWithoutNegativeTtl() {
        AtomicInteger loads = new AtomicInteger();
        Supplier<Optional<String>> nothing = () -> {
            loads.incrementAndGet();
            return Optional.empty();
        };

        cache.getOrLoad(ARTICLES, "a1", UTF8, nothing);
        cache.getOrLoad(ARTICLES, "a1", UTF8, nothing);

        assertEquals(2, loads.get());
    }

    @Test
    void putReplacesACachedAbsence() {
        cache.getOrLoad(WITH_NEGATIVE, "p1", UTF8, Optional::empty);

        cache.put(WITH_NEGATIVE, "p1", "now exists", UTF8);

        assertEquals(Optional.of("now exists"), cache.get(WITH_NEGATIVE, "p1", UTF8));
    }

    @Test
    void undecodablePayloadIsAMissAndCountedAsAnError() {
        cache.put(ARTICLES, "a1", "written by another version", UTF8);
        Codec<String> incompatible = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                return UTF8.encode(value);
            }

            @Override
            public String decode(byte[] bytes) {
                throw new IllegalArgumentException("unknown format");
            }
        };

        assertEquals(Optional.empty(), cache.get(ARTICLES, "a1", incompatible));
        CacheStats stats = cache.stats(ARTICLES);
        assertEquals(1, stats.errors());
        assertEquals(1, stats.misses());
        assertEquals(0, stats.hits());

        CacheResult<String> reloaded = cache.getOrLoad(ARTICLES, "a1", incompatible, () -> Optional.of("fresh"));
        assertEquals(Optional.of("fresh"), reloaded.value());
    }

    @Test
    void valuesAreStoredSerializedSoLaterMutationsDoNotLeakIn() {
        Codec<List<String>> listCodec = new Codec<>() {
            @Override
            public byte[] encode(List<String> value) {
                return String.join("\n", value).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public List<String> decode(byte[] bytes) {
                return new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n")));
            }
        };
        List<String> tags = new ArrayList<>(List.of("java", "redis"));
        cache.put(ARTICLES, "tags", tags, listCodec);

        tags.add("mutated");
        cache.get(ARTICLES, "tags", listCodec).orElseThrow().add("mutated too");

        assertEquals(Optional.of(List.of("java", "redis")), cache.get(ARTICLES, "tags", listCodec));
    }

    @Test
    void largeValuesRoundTrip() {
        byte[] mebibyte = new byte[1024 * 1024];
        new Random(42).nextBytes(mebibyte);
        Codec<byte[]> bytes = new Codec<>() {
            @Override
            public byte[] encode(byte[] value) {
                return value.clone();
            }

            @Override
            public byte[] decode(byte[] stored) {
                return stored;
            }
        };

        cache.put(ARTICLES, "big", mebibyte, bytes);

        assertArrayEquals(mebibyte, cache.get(ARTICLES, "big", bytes).orElseThrow());
    }

    @Test
    void unicodeAndPunctuationKeysWork() {
        List<String> keys = List.of("ключ", "鍵-🔑", "with space", "a:b:c", "glob*?[x]", "ü");
        for (String key : keys) {
            cache.put(ARTICLES, key, "value of " + key, UTF8);
        }
        for (String key : keys) {
            assertEquals(Optional.of("value of " + key), cache.get(ARTICLES, key, UTF8), key);
        }
        cache.delete(ARTICLES, "鍵-🔑");
        assertEquals(Optional.empty(), cache.get(ARTICLES, "鍵-🔑", UTF8));
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> cache.get(ARTICLES, null, UTF8));
        assertThrows(NullPointerException.class, () -> cache.get(null, "k", UTF8));
        assertThrows(NullPointerException.class, () -> cache.get(ARTICLES, "k", null));
        assertThrows(NullPointerException.class, () -> cache.put(ARTICLES, null, "v", UTF8));
        assertThrows(NullPointerException.class, () -> cache.put(ARTICLES, "k", null, UTF8));
        assertThrows(NullPointerException.class, () -> cache.put(ARTICLES, "k", "v", UTF8, null));
        assertThrows(NullPointerException.class, () -> cache.getOrLoad(ARTICLES, null, UTF8, Optional::empty));
        assertThrows(NullPointerException.class, () -> cache.getOrLoad(ARTICLES, "k", UTF8, null));
        assertThrows(NullPointerException.class, () -> cache.delete(ARTICLES, null));
        assertThrows(NullPointerException.class, () -> cache.deleteAll(ARTICLES, null));
        assertThrows(NullPointerException.class, () -> cache.invalidate(null));
    }

    @Test
    void blankKeysAreRejectedWithAClearMessage() {
        for (String blank : List.of("", " ", "\t\n")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> cache.get(ARTICLES, blank, UTF8));
            assertTrue(e.getMessage().contains("blank"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cache.put(ARTICLES, blank, "v", UTF8));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> cache.getOrLoad(ARTICLES, blank, UTF8, () -> Optional.of("v")));
            assertThrows(IllegalArgumentException.class, () -> cache.delete(ARTICLES, blank));
            assertThrows(IllegalArgumentException.class, () -> cache.deleteAll(ARTICLES, List.of("ok", blank)));
        }
    }

    protected static void assertEventually(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
