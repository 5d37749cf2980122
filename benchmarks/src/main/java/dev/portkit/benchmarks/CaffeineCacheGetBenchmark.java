package dev.portkit.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A {@link CaffeineCache#get} hit next to a raw Caffeine {@code getIfPresent} of an equally sized and
 * bounded cache holding the value's bytes, decoded the same way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaffeineCacheGetBenchmark {

    private static final CacheNamespace NS = CacheNamespace.of("bench", Duration.ofHours(1));
    private static final String VALUE = "x".repeat(200);

    private CaffeineCache cache;
    private Cache<String, byte[]> raw;
    private Cache<String, byte[]> rawPerEntryTtl;
    private String key;

    @Setup
    public void setUp() {
        cache = new CaffeineCache(CaffeineCacheSettings.ofEntries(1_000));
        cache.put(NS, "hit", VALUE, Codec.utf8());
        raw = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterWrite(Duration.ofHours(1))
                .build();
        raw.put("bench:hit", Codec.utf8().encode(VALUE));
        rawPerEntryTtl = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfter(Expiry.<String, byte[]>writing((k, v) -> Duration.ofHours(1)))
                .build();
        rawPerEntryTtl.put("bench:hit", Codec.utf8().encode(VALUE));
        key = "bench:hit";
    }

    @Benchmark
    public Optional<String> adapter() {
        return cache.get(NS, "hit", Codec.utf8());
    }

    @Benchmark
    public Optional<String> raw() {
        byte[] bytes = raw.getIfPresent(key);
        return bytes == null ? Optional.empty() : Optional.of(Codec.utf8().decode(bytes));
    }

    /** Raw Caffeine with a TTL per entry ({@link Expiry}), as the adapter needs for its port. */
    @Benchmark
    public Optional<String> rawPerEntryTtl() {
        byte[] bytes = rawPerEntryTtl.getIfPresent(key);
        return bytes == null ? Optional.empty() : Optional.of(Codec.utf8().decode(bytes));
    }
}
