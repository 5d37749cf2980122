package dev.portkit.benchmarks;

import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.redis.NearCacheSettings;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCache;
import dev.portkit.adapters.redis.RedisCacheSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.domain.cache.CacheNamespace;
import dev.portkit.domain.cache.Codec;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A {@link RedisCache#get} hit next to a raw Lettuce {@code GET} of the same bytes on the same
 * connection, and the same hit served by the near cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisCacheGetBenchmark {

    private static final CacheNamespace NS = CacheNamespace.of("bench", Duration.ofHours(1));
    private static final String VALUE = "x".repeat(200);
    private static final byte[] RAW_KEY = (RedisFixture.PREFIX + "raw").getBytes(StandardCharsets.UTF_8);

    private RedisFixture redis;
    private RedisCircuit circuit;
    private RedisCache cache;
    private RedisCache nearCached;
    private RedisClusterCommands<byte[], byte[]> raw;

    @Setup
    public void setUp() {
        redis = new RedisFixture();
        circuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> redis.connector().ping());
        cache = new RedisCache(
                redis.connector(),
                circuit,
                new CaffeineCache(CaffeineCacheSettings.ofEntries(1_000)),
                RedisCacheSettings.withPrefix(RedisFixture.PREFIX));
        nearCached = new RedisCache(
                redis.connector(),
                circuit,
                new CaffeineCache(CaffeineCacheSettings.ofEntries(1_000)),
                RedisCacheSettings.withPrefix(RedisFixture.PREFIX)
                        .withNear(
                                new NearCacheSettings(true, NearCacheSettings.DEFAULT_TTL, 1_000, List.of(NS.name()))));
        cache.put(NS, "hit", VALUE, Codec.utf8());
        raw = redis.connector().bytes();
        raw.set(RAW_KEY, VALUE.getBytes(StandardCharsets.UTF_8));
        if (cache.get(NS, "hit", Codec.utf8()).isEmpty()
                || nearCached.get(NS, "hit", Codec.utf8()).isEmpty()) {
            throw new IllegalStateException("the cache entry is not a hit: is Redis reachable?");
        }
    }

    @TearDown
    public void tearDown() {
        circuit.close();
        redis.close();
    }

    @Benchmark
    public Optional<String> adapter() {
        return cache.get(NS, "hit", Codec.utf8());
    }

    /** Served from the L1 for {@link NearCacheSettings#DEFAULT_TTL}, then once from Redis. */
    @Benchmark
    public Optional<String> nearCache() {
        return nearCached.get(NS, "hit", Codec.utf8());
    }

    @Benchmark
    public String raw() {
        return new String(raw.get(RAW_KEY), StandardCharsets.UTF_8);
    }
}
