package dev.portkit.adapters.inmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheContract;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.TtlJitter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cache contract on Caffeine, with a fake ticker so that TTL tests need no waiting. */
class CaffeineCacheTest extends CacheContract {

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    @Override
    protected Cache createCache(String keyPrefix) {
        return new CaffeineCache(CaffeineCacheSettings.ofEntries(10_000), ticker);
    }

    @Override
    protected void advanceTime(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void entryBoundEvictsAndCountsEvictions() {
        CaffeineCache small = new CaffeineCache(CaffeineCacheSettings.ofEntries(10), ticker);
        for (int i = 0; i < 100; i++) {
            small.put(ARTICLES, "k" + i, "v" + i, UTF8);
        }
        small.cleanUp();

        assertTrue(small.stats(ARTICLES).evictions() >= 90, small.stats(ARTICLES)::toString);
        assertEquals(0, small.stats(USERS).evictions());
    }

    @Test
    void byteBoundCountsPayloadSizes() {
        CaffeineCache small = new CaffeineCache(CaffeineCacheSettings.ofBytes(64 * 1024), ticker);
        String tenKilobytes = "x".repeat(10 * 1024);
        for (int i = 0; i < 20; i++) {
            small.put(ARTICLES, "k" + i, tenKilobytes, UTF8);
        }
        small.cleanUp();

        long present = IntStream.range(0, 20)
                .filter(i -> small.get(ARTICLES, "k" + i, UTF8).isPresent())
                .count();
        assertTrue(present <= 6, "at most 64 KiB of 10 KiB values remain, found " + present);
        assertTrue(small.stats(ARTICLES).evictions() >= 14);
    }

    @Test
    void jitterLengthensTtlsWithinTheConfiguredShare() {
        CaffeineCache jittered =
                new CaffeineCache(CaffeineCacheSettings.ofEntries(100).withJitter(new TtlJitter(50)), ticker);
        CacheNamespace ns = CacheNamespace.of("jittered", Duration.ofSeconds(10));
        for (int i = 0; i < 50; i++) {
            jittered.put(ns, "k" + i, "v", UTF8);
        }

        advanceTime(Duration.ofMillis(9_999));
        for (int i = 0; i < 50; i++) {
            assertEquals(Optional.of("v"), jittered.get(ns, "k" + i, UTF8), "no entry expires before its TTL");
        }
        advanceTime(Duration.ofSeconds(5).plusMillis(2));
        for (int i = 0; i < 50; i++) {
            assertEquals(Optional.empty(), jittered.get(ns, "k" + i, UTF8), "every entry expires by TTL + 50 %");
        }
    }
}
