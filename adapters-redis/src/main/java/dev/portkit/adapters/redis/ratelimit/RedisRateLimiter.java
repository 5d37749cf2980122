package dev.portkit.adapters.redis.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.portkit.adapters.redis.RedisCircuit;
import dev.portkit.adapters.redis.RedisConnector;
import dev.portkit.adapters.redis.RedisUnavailableException;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.ratelimit.RateLimiterUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link RateLimiter} on Redis, shared by every instance: per limit and key, a small hash of the
 * permits granted in each step of a fiftieth of the window (constant size, whatever the number of
 * permits), checked and updated by one Lua script on Redis's clock, so concurrent attempts on any
 * instance cannot overshoot. The in-memory adapter counts the same way.
 *
 * <p><b>Keys.</b> {@code {prefix}ratelimit:{limit}:{sha256(key)}}: a limited key (a username that
 * may be a mistyped password, a client address) is not stored in clear; the braces make the hash
 * the Redis Cluster hash tag, and the script touches that one key only. Each hash expires when its
 * newest permit stops counting: the script sets the expiry in the same step as the count, so no key
 * is left immortal.
 *
 * <p><b>Pre-allocation.</b> With {@code preallocatePercent} above 0, one call may take up to that
 * share of a limit's permits at once (a lease) and hand the rest out to later requests for the same
 * key on this instance, without a round trip, for at most one step; unused ones go back to Redis
 * with the next call for the key. A key's leases start at one permit and double while they are used
 * up in time, and one call at a time per key fetches them. A denial is repeated locally until its
 * retry time. The limit still holds across all instances (see {@link LocalPermits}); what an
 * instance holds unused, at most {@code ceil(permits * percent / 100) - 1} per key, is unavailable to
 * the others meanwhile. With 0, or a limit too small for a lease of two, every call asks Redis.
 *
 * <p>Every Redis failure, and every call refused by the circuit, becomes a {@link
 * RateLimiterUnavailableException}.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** Bound of the per-instance lease state, as the in-memory adapter bounds its counters. */
    static final long MAX_LOCAL_KEYS = 100_000;

    private final RedisConnector connector;
    private final String prefix;
    private final int preallocatePercent;
    private final Function<Supplier<List<Long>>, List<Long>> guard;
    private final LongSupplier ticker;
    private final Optional<Clock> testClock;
    private final Cache<Bucket, LocalPermits> local;
    private final ConcurrentHashMap<Bucket, CompletableFuture<Void>> calls = new ConcurrentHashMap<>();

    /** Without a circuit: each call waits for Redis up to the command timeout. */
    public RedisRateLimiter(RedisConnector connector, String keyPrefix, int preallocatePercent) {
        this(connector, keyPrefix, preallocatePercent, Supplier::get, System::nanoTime, Optional.empty());
    }

    /**
     * @param connector the process's shared Redis connections
     * @param keyPrefix put before every key, e.g. {@code portkit:}
     * @param preallocatePercent the largest share of a limit one call may lease, 0 to 100
     * @param circuit every call to Redis goes through it (and only those: permits handed out from
     *     a lease touch neither Redis nor the circuit's counts); while it is open, calls fail at once
     */
    public RedisRateLimiter(RedisConnector connector, String keyPrefix, int preallocatePercent, RedisCircuit circuit) {
        this(connector, keyPrefix, preallocatePercent, circuit::call, System::nanoTime, Optional.empty());
    }

    /** For tests: Redis counts on {@code clock} instead of its {@code TIME}, and leases expire on it. */
    RedisRateLimiter(RedisConnector connector, String keyPrefix, int preallocatePercent, Clock clock) {
        this(
                connector,
                keyPrefix,
                preallocatePercent,
                Supplier::get,
                () -> clock.millis() * 1_000_000,
                Optional.of(clock));
    }

    private RedisRateLimiter(
            RedisConnector connector,
            String keyPrefix,
            int preallocatePercent,
            Function<Supplier<List<Long>>, List<Long>> guard,
            LongSupplier ticker,
            Optional<Clock> testClock) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.guard = guard;
        this.prefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (preallocatePercent < 0 || preallocatePercent > 100) {
            throw new IllegalArgumentException("preallocatePercent must be 0-100, was " + preallocatePercent);
        }
        this.preallocatePercent = preallocatePercent;
        this.ticker = ticker;
        this.testClock = testClock;
        this.local = Caffeine.newBuilder()
                .ticker(ticker::getAsLong)
                .maximumSize(MAX_LOCAL_KEYS)
                .expireAfter(Expiry.<Bucket, LocalPermits>accessing((bucket, permits) -> bucket.keptFor()))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public RateLimitResult tryAcquire(RateLimit limit, String key) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(key, "key");
        int maxLease = (int) Math.min(limit.permits(), ((long) limit.permits() * preallocatePercent + 99) / 100);
        return maxLease < 2 ? acquireOnce(limit, key) : acquireLeased(limit, key, maxLease);
    }

    private RateLimitResult acquireOnce(RateLimit limit, String key) {
        LocalPermits.Reply reply = call(limit, key, new LocalPermits.Request(1, 0, 0));
        return reply.granted() > 0
                ? RateLimitResult.allowed(reply.remaining())
                : RateLimitResult.denied(Duration.ofMillis(Math.max(1, reply.retryMillis())));
    }

    /** From this instance's lease of the key; when it is used up, from the next one. */
    private RateLimitResult acquireLeased(RateLimit limit, String key, int maxLease) {
        // Kept twice as long as a permit counts: an unused lease must still go back to Redis when the key
        // is used again just before its permits stop counting (and Caffeine may expire an entry early).
        Bucket bucket = new Bucket(limit.name(), key, limit.countedAtMost().multipliedBy(2));
        LocalPermits permits = local.get(bucket, b -> new LocalPermits(maxLease, limit.granularity()));
        while (true) {
            Optional<RateLimitResult> held = permits.take(ticker.getAsLong());
            if (held.isPresent()) {
                return held.get();
            }
            Optional<RateLimitResult> fetched = fetchLease(limit, key, bucket, permits);
            if (fetched.isPresent()) {
                return fetched.get();
            }
        }
    }

    /**
     * Fetches the key's next lease and takes its first permit; or, while another caller fetches it,
     * waits for that caller and returns empty (the lease is then there to take from). One call per
     * key and instance is in flight at a time, and its failure is its waiters' too.
     */
    private Optional<RateLimitResult> fetchLease(RateLimit limit, String key, Bucket bucket, LocalPermits permits) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = calls.putIfAbsent(bucket, mine);
        if (running != null) {
            awaitCall(running);
            return Optional.empty();
        }
        try {
            long sentAt = ticker.getAsLong();
            Optional<RateLimitResult> result = permits.request(sentAt) // empty: a lease arrived meanwhile
                    .map(request -> permits.install(call(limit, key, request), sentAt, ticker.getAsLong()));
            mine.complete(null);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            calls.remove(bucket, mine);
        }
    }

    /** How much longer Redis keeps the count of {@code key}; empty if it keeps none. For tests. */
    Optional<Duration> storedFor(RateLimit limit, String key) {
        long ttl = connector.strings().pttl(redisKey(limit, key));
        if (ttl == -2) {
            return Optional.empty();
        }
        return Optional.of(ttl == -1 ? ChronoUnit.FOREVER.getDuration() : Duration.ofMillis(ttl)); // -1: immortal
    }

    String redisKey(RateLimit limit, String key) {
        return prefix + "ratelimit:" + limit.name() + ":{" + sha256(key) + "}";
    }

    private LocalPermits.Reply call(RateLimit limit, String key, LocalPermits.Request request) {
        String[] keys = {redisKey(limit, key)};
        String now = testClock.map(clock -> Long.toString(clock.millis())).orElse("");
        List<Long> reply;
        try {
            reply = guard.apply(() -> RateLimitScripts.ACQUIRE.run(
                    connector.strings(),
                    ScriptOutputType.MULTI,
                    keys,
                    Integer.toString(limit.permits()),
                    Long.toString(limit.granularity().toMillis()),
                    Integer.toString(limit.stepsCounted()),
                    Integer.toString(request.want()),
                    Integer.toString(request.refund()),
                    Long.toString(request.refundStep()),
                    now));
        } catch (RedisException | RedisUnavailableException e) {
            throw new RateLimiterUnavailableException("Redis rate limiter unavailable: " + e.getMessage(), e);
        }
        return new LocalPermits.Reply(
                Math.toIntExact(reply.get(0)), Math.toIntExact(reply.get(1)), reply.get(2), reply.get(3));
    }

    /** Waits for another caller's call for the same key; its failure is this caller's too. */
    private static void awaitCall(CompletableFuture<Void> running) {
        try {
            running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One limit and key on this instance; its lease state is kept as long as Redis keeps its count. */
    private record Bucket(String limit, String key, Duration keptFor) {}
}
