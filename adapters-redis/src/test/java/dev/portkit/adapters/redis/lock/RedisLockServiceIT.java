package dev.portkit.adapters.redis.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.redis.RedisBreakerSettings;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisExtension;
import dev.portkit.adapters.redis.RedisExtension.Topology;
import dev.portkit.domain.lock.LockContract;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockService;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lock contract on a real Redis in each topology, with two adapters on two clients standing in
 * for two instances of the service, plus what only the Redis adapter has: its keys and their expiry.
 */
@ParameterizedClass
@EnumSource(Topology.class)
class RedisLockServiceIT extends LockContract {

    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    /** The second instance's connections and circuit, per topology. */
    private static final Map<Topology, RedisConnector> OTHER_CONNECTORS = new EnumMap<>(Topology.class);

    private static final Map<Topology, RedisCircuit> OTHER_CIRCUITS = new EnumMap<>(Topology.class);

    @Parameter
    Topology topology;

    @AfterAll
    static void disconnect() {
        OTHER_CIRCUITS.values().forEach(RedisCircuit::close);
        OTHER_CONNECTORS.values().forEach(RedisConnector::close);
        OTHER_CIRCUITS.clear();
        OTHER_CONNECTORS.clear();
    }

    @Override
    protected LockService locks() {
        return new RedisLockService(redis.connector(topology), redis.circuit(topology), redis.keyPrefix());
    }

    @Override
    protected LockService otherInstance() {
        RedisConnector other = OTHER_CONNECTORS.computeIfAbsent(topology, t -> RedisConnector.open(redis.settings(t)));
        RedisCircuit circuit = OTHER_CIRCUITS.computeIfAbsent(
                topology, t -> new RedisCircuit(RedisBreakerSettings.DEFAULTS, () -> other.ping()));
        return new RedisLockService(other, circuit, redis.keyPrefix());
    }

    @Test
    void theLockKeyExpiresWithTheLeaseWhileTheFencingCounterNeverExpiresAndBothShareASlot() {
        RedisLockService locks = (RedisLockService) locks();
        LockLease lease =
                locks.tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO).orElseThrow();
        RedisClusterCommands<String, String> raw = redis.connector(topology).strings();
        String lockKey = locks.lockKey(name);

        assertTrue(lockKey.startsWith(redis.keyPrefix() + "lock:{"), lockKey);
        assertTrue(lockKey.endsWith("}:" + name), lockKey);
        assertEquals(SlotHash.getSlot(lockKey), SlotHash.getSlot(locks.fenceKey(name)));
        assertEquals(lease.owner(), raw.get(lockKey));
        long ttl = raw.pttl(lockKey);
        assertTrue(ttl > 0 && ttl <= 10_000, "lock key TTL " + ttl);
        assertEquals(Long.toString(lease.fencingToken()), raw.get(locks.fenceKey(name)));
        assertEquals(-1, raw.pttl(locks.fenceKey(name)), "the fencing counter has no TTL");

        assertTrue(locks.release(lease));
        assertEquals(0, raw.exists(lockKey));
        assertEquals(1, raw.exists(locks.fenceKey(name)));
    }

    @Test
    void namesWithBracesKeepTheLockAndItsCounterInOneSlot() {
        RedisLockService locks = (RedisLockService) locks();
        for (String braced : new String[] {"}" + name, "{" + name + "}", name + "{x}", "{}" + name}) {
            assertEquals(SlotHash.getSlot(locks.lockKey(braced)), SlotHash.getSlot(locks.fenceKey(braced)), braced);
            LockLease lease = locks.tryAcquire(braced, Duration.ofSeconds(10), Duration.ZERO)
                    .orElseThrow();
            assertTrue(locks.release(lease), braced);
        }
    }

    @Test
    void tokensFollowTheServersClockSoACounterThatLostItsLastIncrementsStillIssuesLargerOnes() {
        RedisLockService locks = (RedisLockService) locks();
        LockLease first =
                locks.tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO).orElseThrow();
        assertTrue(locks.release(first));
        long beforeMicros = System.currentTimeMillis() * 1_000;

        // as after a failover that lost the last acquisitions: the counter is back where it was long ago
        redis.connector(topology).strings().set(locks.fenceKey(name), "1");
        LockLease next =
                locks.tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO).orElseThrow();

        assertTrue(next.fencingToken() > first.fencingToken(), next.fencingToken() + " after " + first.fencingToken());
        assertTrue(next.fencingToken() >= beforeMicros - 5_000_000, "about the server's clock in microseconds");
        assertTrue(locks.release(next));
    }

    @Test
    void scriptsAreReloadedWhenRedisHasForgottenThem() {
        redis.connector(topology).strings().scriptFlush();

        LockLease lease =
                locks().tryAcquire(name, Duration.ofSeconds(10), Duration.ZERO).orElseThrow();

        assertTrue(locks().extend(lease, Duration.ofSeconds(10)));
        assertTrue(locks().release(lease));
    }
}
