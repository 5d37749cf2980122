package dev.portkit.adapters.redis.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.LettuceClients;
import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisSettings;
import dev.portkit.domain.lock.LockContract;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockService;
import dev.portkit.testsupport.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock contract on a real Redis, with two adapters on two clients standing in for two instances
 * of the service, plus what only the Redis adapter has: its keys and their expiry.
 */
class RedisLockServiceIT extends LockContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static RedisClient firstClient;
    private static RedisClient secondClient;
    private static StatefulRedisConnection<String, String> first;
    private static StatefulRedisConnection<String, String> second;
    private static RedisCircuit firstCircuit;
    private static RedisCircuit secondCircuit;

    @BeforeAll
    static void connect() {
        firstClient = LettuceClients.create(settings(redis));
        secondClient = LettuceClients.create(settings(redis));
        first = firstClient.connect();
        second = secondClient.connect();
        firstCircuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> first.sync().ping());
        secondCircuit = new RedisCircuit(
                RedisBreakerSettings.DEFAULTS, () -> second.sync().ping());
    }

    @AfterAll
    static void disconnect() {
        firstCircuit.close();
        secondCircuit.close();
        firstClient.shutdown();
        secondClient.shutdown();
    }

    static RedisSettings settings(RedisServerExtension redis) {
        return new RedisSettings(redis.uri(), Duration.ofMillis(500), Duration.ofSeconds(2), "portkit-lock-test");
    }

    @Override
    protected LockService locks() {
        return new RedisLockService(first, firstCircuit, "portkit:");
    }

    @Override
    protected LockService otherInstance() {
        return new RedisLockService(second, secondCircuit, "portkit:");
    }

    @Test
    void theLockKeyExpiresWithTheLeaseWhileTheFencingCounterNeverExpires() {
        LockLease lease =
                locks().tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO).orElseThrow();
        RedisCommands<String, String> raw = first.sync();
        String lockKey = "portkit:lock:{" + name + "}";

        assertEquals(lease.owner(), raw.get(lockKey));
        long ttl = raw.pttl(lockKey);
        assertTrue(ttl > 0 && ttl <= 10_000, "lock key TTL " + ttl);
        assertEquals(Long.toString(lease.fencingToken()), raw.get(lockKey + ":fence"));
        assertEquals(-1, raw.pttl(lockKey + ":fence"), "the fencing counter has no TTL");

        assertTrue(locks().release(lease));
        assertEquals(0, raw.exists(lockKey));
        assertEquals(1, raw.exists(lockKey + ":fence"));
    }

    @Test
    void scriptsAreReloadedWhenRedisHasForgottenThem() {
        first.sync().scriptFlush();

        LockLease lease =
                locks().tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO).orElseThrow();

        assertTrue(locks().extend(lease, Duration.ofSeconds(10)));
        assertTrue(locks().release(lease));
    }
}
