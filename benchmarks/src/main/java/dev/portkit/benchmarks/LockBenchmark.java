package dev.portkit.benchmarks;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.lock.RedisLockService;
import dev.portkit.domain.lock.LockLease;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.UUID;
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
 * An uncontended {@link RedisLockService} acquire and release (through the shared circuit) (two scripts: fencing token, owner
 * check) next to a raw {@code SET NX PX} and {@code DEL} (two commands, no fencing, no owner check).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LockBenchmark {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String RAW_KEY = RedisFixture.PREFIX + "rawlock";

    private RedisFixture redis;
    private RedisCircuit circuit;
    private RedisLockService locks;
    private RedisClusterCommands<String, String> raw;
    private final SetArgs nxPx = SetArgs.Builder.nx().px(LEASE.toMillis());
    private final String owner = UUID.randomUUID().toString();

    @Setup
    public void setUp() {
        redis = new RedisFixture();
        circuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> redis.connector().ping());
        locks = new RedisLockService(redis.connector(), circuit, RedisFixture.PREFIX);
        raw = redis.connector().strings();
    }

    @TearDown
    public void tearDown() {
        circuit.close();
        redis.close();
    }

    @Benchmark
    public boolean adapter() {
        LockLease lease = locks.tryAcquire("bench", LEASE, Duration.ZERO)
                .orElseThrow(() -> new IllegalStateException("lock not acquired"));
        return locks.release(lease);
    }

    @Benchmark
    public long raw() {
        if (!"OK".equals(raw.set(RAW_KEY, owner, nxPx))) {
            throw new IllegalStateException("lock not acquired");
        }
        return raw.del(RAW_KEY);
    }
}
