package dev.portkit.benchmarks;

import dev.portkit.adapters.redis.session.RedisSessionStore;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.Map;
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
 * {@link RedisSessionStore#find} (one script: read, check expiry, slide the idle timeout) next to a
 * raw {@code HGETALL} of the same session hash.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionFindBenchmark {

    private RedisFixture redis;
    private RedisSessionStore sessions;
    private RedisClusterCommands<String, String> raw;
    private SessionToken token;
    private String hashKey;

    @Setup
    public void setUp() {
        redis = new RedisFixture();
        sessions = new RedisSessionStore(
                redis.connector(),
                RedisFixture.PREFIX,
                new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)));
        token = sessions.create(new Principal("bench"), Map.of("role", "editor"))
                .token();
        // The key scheme documented on the store's SessionKeys.
        hashKey = RedisFixture.PREFIX + "session:{" + token.route() + "}:id:"
                + token.id().value();
        raw = redis.connector().strings();
        if (raw.hgetall(hashKey).isEmpty()) {
            throw new IllegalStateException("no session hash at " + hashKey);
        }
    }

    @TearDown
    public void tearDown() {
        redis.close();
    }

    @Benchmark
    public Optional<Session> adapter() {
        return sessions.find(token);
    }

    @Benchmark
    public Map<String, String> raw() {
        return raw.hgetall(hashKey);
    }
}
