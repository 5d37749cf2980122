package dev.portkit.adapters.redis.lock;

import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisScript;
import dev.portkit.adapters.redis.RedisUnavailableException;
import dev.portkit.domain.lock.LockLease;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.lock.LockUnavailableException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * {@link LockService} on one Redis (primary with optional replicas), shared by every instance that
 * uses it.
 *
 * <p><b>Keys.</b> A lock is the key {@code {prefix}lock:{h}:name} holding a random owner value, set
 * with {@code SET NX PX}, so it always expires; {@code {prefix}lock:{h}:name:fence} is its fencing
 * counter, never expiring, so tokens keep increasing across every holder and lease ({@link
 * LockScripts#ACQUIRE}). {@code h} is the CRC-32 of the name in hex: a hash tag of its own, first in
 * the key, so that both keys share one Redis Cluster slot whatever braces the name holds, and locks
 * spread over the Cluster. Both are touched by one Lua script; extend and release are
 * compare-and-set scripts on the owner value, so a stale holder changes nothing.
 * Waiting polls with jittered backoff (2 to 50 ms). Run locks on a Redis whose eviction policy
 * cannot evict keys without a TTL ({@code noeviction} or {@code volatile-*}), or the counters may go.
 *
 * <p><b>Failing closed, and fast.</b> Every call goes through the shared {@link RedisCircuit}. Any
 * Redis error (not connected, timeout, {@code READONLY} during a failover, NOPERM) becomes {@link
 * LockUnavailableException}: the client rejects commands while disconnected and times out after its
 * short command timeout (see {@code LettuceClients}), and once outages have opened the circuit
 * (a hung Redis) every call fails at once, without waiting for Redis, until the circuit's probe
 * finds it answering again. A refusal such as NOPERM fails the call but, being no outage, leaves
 * the circuit closed for the other adapters. There is deliberately no fallback to an in-process
 * lock, which would let every instance in at once. A command that timed out may still have taken
 * the lock on the server; it then expires with its lease.
 *
 * <p><b>What Redis cannot promise, and why fencing still keeps data safe.</b> Replication is
 * asynchronous. If the primary acknowledges an acquisition and fails before a replica has it, the
 * promoted replica has no lock and may grant it again: two holders. The fencing counter can lose
 * its last increments the same way; tokens follow the server's clock in microseconds, so the new
 * holder still gets a larger token than the lost one and the resource turns the stale holder away,
 * as long as the promoted replica's clock is not behind the old primary's by more than the time
 * between the two acquisitions (a failover takes seconds; NTP keeps clocks within milliseconds). A
 * restart without persistence loses the counter, and the next token comes from the clock again.
 * Should a counter still end up below what the resource has seen (a clock set back), the resource
 * rejects the holders as stale until one reports the highest token it has seen with {@link
 * #advanceFencing}. Leases also run on the server's clock, so a clock jump ends them early. None of
 * this can be fixed by a
 * cleverer lock (Redlock included): a holder can always pause past its lease. What keeps the data
 * correct is the resource rejecting tokens lower than the highest it has seen (as the {@code
 * StockStore} port requires); to shrink the duplicate-token window, give Redis
 * persistence ({@code appendonly yes}) and replicas ({@code min-replicas-to-write}).
 *
 * <p>Thread-safe; shares the (thread-safe) connection it is given and does not close it.
 */
public final class RedisLockService implements LockService {

    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RedisConnector connector;
    private final RedisCircuit circuit;
    private final String keyPrefix;

    /**
     * Connects on first use through the shared connector, so that the service can start while
     * Redis is down; until Redis answers, acquiring fails closed with {@link LockUnavailableException}.
     *
     * @param circuit the process's Redis circuit, shared with the other Redis adapters
     * @param keyPrefix in front of every key, as for every adapter ({@code REDIS_KEY_PREFIX}); no
     *     braces, which would move the hash tag
     */
    public RedisLockService(RedisConnector connector, RedisCircuit circuit, String keyPrefix) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.circuit = Objects.requireNonNull(circuit, "circuit");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the key prefix must not contain { or }: they mark hash tags");
        }
    }

    @Override
    public Optional<LockLease> tryAcquire(String name, Duration leaseTime, Duration maxWait) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("lock name must not be blank");
        }
        String leaseMillis = leaseMillis(leaseTime);
        if (Objects.requireNonNull(maxWait, "maxWait").isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        String owner = UUID.randomUUID().toString();
        String[] keys = {lockKey(name), fenceKey(name)};
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoff = MIN_BACKOFF_NANOS;
        while (true) {
            long token = run(LockScripts.ACQUIRE, keys, owner, leaseMillis);
            if (token > 0) {
                return Optional.of(new LockLease(name, owner, token));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                TimeUnit.NANOSECONDS.sleep(
                        Math.min(left, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    @Override
    public boolean extend(LockLease lease, Duration leaseTime) {
        Objects.requireNonNull(lease, "lease");
        return run(LockScripts.EXTEND, new String[] {lockKey(lease.name())}, lease.owner(), leaseMillis(leaseTime))
                == 1;
    }

    @Override
    public boolean release(LockLease lease) {
        Objects.requireNonNull(lease, "lease");
        return run(LockScripts.RELEASE, new String[] {lockKey(lease.name())}, lease.owner()) == 1;
    }

    /** Raises the fencing counter to {@code seen} in one script; see {@link LockScripts#ADVANCE_FENCE}. */
    @Override
    public void advanceFencing(String name, long seen) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("lock name must not be blank");
        }
        if (seen < 0) {
            throw new IllegalArgumentException("seen must not be negative, was " + seen);
        }
        run(LockScripts.ADVANCE_FENCE, new String[] {fenceKey(name)}, Long.toString(seen));
    }

    private long run(RedisScript script, String[] keys, String... args) {
        try {
            return circuit.call(
                    () -> script.<String, String, Long>run(connector.strings(), ScriptOutputType.INTEGER, keys, args));
        } catch (RedisUnavailableException e) {
            throw new LockUnavailableException("lock service unavailable: " + e.getMessage(), e);
        }
    }

    /** {@code {prefix}lock:{h}:name}; see the class comment. */
    String lockKey(String name) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return keyPrefix + "lock:{" + Long.toHexString(crc.getValue()) + "}:" + name;
    }

    /** {@code {prefix}lock:{h}:name:fence}, in the lock key's slot. */
    String fenceKey(String name) {
        return lockKey(name) + ":fence";
    }

    private static String leaseMillis(Duration leaseTime) {
        long millis = Objects.requireNonNull(leaseTime, "leaseTime").toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException("leaseTime must be at least 1 ms, was " + leaseTime);
        }
        return Long.toString(millis);
    }
}
