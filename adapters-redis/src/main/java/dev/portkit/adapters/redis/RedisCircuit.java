package dev.portkit.adapters.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.lettuce.core.RedisCommandExecutionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one circuit breaker (Resilience4j) in front of Redis, shared by every Redis adapter of the
 * process: when Redis fails, all of them stop waiting on it at once and serve from their fallbacks
 * (or fail fast), and all of them return to it together.
 *
 * <p>Closed: calls go to Redis and their outcomes are counted. Only outages count as failures:
 * connection errors, timeouts, and the few error replies of a server that cannot serve for the
 * moment ({@link #isOutage}); a refusal such as NOPERM or WRONGTYPE reaches the caller but is logged
 * once at ERROR and never opens the circuit, since no fallback or retry could cure it. When {@link
 * RedisBreakerSettings#failureRatePercent()} of at least {@link RedisBreakerSettings#minimumCalls()}
 * recent calls fail, the circuit opens: {@link #call} then fails at once without touching Redis. A
 * background probe checks every {@link RedisBreakerSettings#openWait()} whether Redis answers, runs
 * the {@link #addRecoveryStep recovery steps} (e.g. replaying invalidations missed during the
 * outage), and only when all succeed closes the circuit. Requests never act as probes, so nothing
 * reads from Redis before recovery is complete.
 *
 * <p>Logs one WARN when Redis becomes unavailable and one INFO when it is back; nothing per request.
 * Thread-safe. Close it at shutdown to stop the probe thread.
 */
public final class RedisCircuit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);
    private static final long PROBE_TICK_MILLIS = 100;
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^@/\\s]*@");
    /** Error replies of a server that cannot serve for the moment; see {@link #isOutage}. */
    private static final List<String> UNAVAILABLE_REPLIES = List.of(
            "LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "OOM", "MISCONF", "NOREPLICAS");

    private final CircuitBreaker breaker;
    private final Runnable probe;
    private final Clock clock;
    private final List<Runnable> recoverySteps = new CopyOnWriteArrayList<>();
    private final List<Runnable> recoveredSteps = new CopyOnWriteArrayList<>();
    private final AtomicLong outages = new AtomicLong();
    private final Set<String> refusalsReported = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService prober;
    private volatile RedisStatus status;

    /**
     * @param settings when to open and how soon to probe
     * @param probe a cheap Redis round trip such as {@code PING} that throws when Redis is not usable
     */
    public RedisCircuit(RedisBreakerSettings settings, Runnable probe) {
        this(settings, probe, Clock.systemUTC());
    }

    RedisCircuit(RedisBreakerSettings settings, Runnable probe, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new RedisStatus(false, clock.instant(), Optional.empty());
        this.breaker = CircuitBreaker.of(
                "redis",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(settings.failureRatePercent())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .slidingWindow(
                                Math.max(10, settings.minimumCalls()),
                                settings.minimumCalls(),
                                SlidingWindowType.COUNT_BASED)
                        .waitDurationInOpenState(settings.openWait())
                        // The probe below is the only caller in half-open; one success closes.
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .writableStackTraceEnabled(false)
                        // a refusal that is no outage counts as a success: Redis answered
                        .recordException(RedisCircuit::isOutage)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> onTransition(event.getStateTransition()));
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portkit-redis-probe");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probeIfDue, PROBE_TICK_MILLIS, PROBE_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether Redis is currently avoided: {@link #call} fails fast and adapters use their fallbacks. */
    public boolean isOpen() {
        return breaker.getState() != CircuitBreaker.State.CLOSED;
    }

    /** The current state, since when, and the last error; safe to show to operators. */
    public RedisStatus status() {
        return status;
    }

    /** How many times Redis became unavailable since start; lets adapters tell one outage from the next. */
    public long outages() {
        return outages.get();
    }

    /**
     * Runs one Redis call through the circuit and counts its outcome.
     *
     * @throws RedisUnavailableException at once while the circuit is open, or when the call throws
     *     (the original exception is the cause)
     */
    public <T> T call(Supplier<T> redisCall) {
        Objects.requireNonNull(redisCall, "redisCall");
        if (isOpen() || !breaker.tryAcquirePermission()) {
            throw new RedisUnavailableException("Redis is unavailable (circuit open)", null, false);
        }
        long start = System.nanoTime();
        try {
            T result = redisCall.get();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (RuntimeException | Error e) {
            String error = describe(e);
            recordError(error);
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            if (e instanceof Error fatal) {
                throw fatal;
            }
            if (!isOutage(e)) {
                reportRefusal(e, error);
                throw new RedisUnavailableException("Redis refused the call: " + error, e);
            }
            throw new RedisUnavailableException("Redis call failed: " + error, e);
        }
    }

    /** {@link #call} for calls without a result. */
    public void run(Runnable redisCall) {
        Objects.requireNonNull(redisCall, "redisCall");
        call(() -> {
            redisCall.run();
            return null;
        });
    }

    /**
     * Adds work that must succeed against Redis before the circuit closes after an outage, such as
     * replaying invalidations made while Redis was unreachable. A step throws if it could not
     * finish; it runs again at the next probe. Steps must be idempotent and bounded in time.
     */
    public void addRecoveryStep(Runnable step) {
        recoverySteps.add(Objects.requireNonNull(step, "step"));
    }

    /**
     * Adds work that runs on the probe thread just after the circuit closed after an outage, through the
     * circuit: for what arrived while the {@link #addRecoveryStep recovery steps} ran (callers were still kept
     * away from Redis then), such as a login made in that window. A step that meets another outage throws; the
     * work is then the next recovery's.
     */
    public void addRecoveredStep(Runnable step) {
        recoveredSteps.add(Objects.requireNonNull(step, "step"));
    }

    /**
     * Probes Redis now, e.g. at start-up: if it does not answer, the circuit opens at once (the
     * service starts on its fallbacks) instead of after the first failed requests.
     *
     * @return whether Redis answered
     */
    public boolean probeNow() {
        if (isOpen()) {
            return false;
        }
        try {
            probe.run();
            return true;
        } catch (RuntimeException e) {
            String error = describe(e);
            recordError(error);
            if (!isOutage(e)) {
                reportRefusal(e, error);
                return true; // Redis answered
            }
            breaker.transitionToOpenState();
            return false;
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }

    /**
     * Whether a failed call means Redis cannot serve now (an outage, which opens the circuit):
     * everything but an error reply, and the error replies of a server that is unavailable for the
     * moment (loading, busy, read-only during a failover, out of memory...). Other error replies
     * (NOPERM, WRONGTYPE, a script error) are Redis answering: the same call fails the same way
     * however often it is retried, so falling back would only hide the problem, for ever.
     */
    static boolean isOutage(Throwable e) {
        if (!(e instanceof RedisCommandExecutionException reply)) {
            return true;
        }
        String message = reply.getMessage() == null ? "" : reply.getMessage();
        return UNAVAILABLE_REPLIES.stream().anyMatch(message::startsWith);
    }

    /** Logs a refusal that is no outage once per kind (its first word, e.g. NOPERM), at ERROR. */
    private void reportRefusal(Throwable e, String described) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String kind = message.split(" ", 2)[0];
        if (refusalsReported.add(kind)) {
            log.error(
                    "Redis refused a call, which retrying cannot fix: {}. This is not an outage, so Redis stays in"
                            + " use, but such calls keep failing until it is fixed: {}",
                    described,
                    advice(kind));
        }
    }

    private static String advice(String kind) {
        return switch (kind) {
            case "NOPERM" ->
                "grant the Redis user what it lacks (ACL SETUSER <user> ...; ACL LOG shows the"
                        + " command, key or channel it was denied)";
            case "WRONGTYPE" ->
                "a key under REDIS_KEY_PREFIX holds another type: is another application using" + " the same prefix?";
            default -> "check the Redis configuration and version against the README";
        };
    }

    /** Runs on the probe thread: once the open wait is over, checks Redis and recovers. */
    private void probeIfDue() {
        try {
            if (!isOpen() || !breaker.tryAcquirePermission()) {
                return; // closed, or still waiting in the open state
            }
            long start = System.nanoTime();
            try {
                probe.run();
                for (Runnable step : recoverySteps) {
                    step.run();
                }
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                runRecoveredSteps();
            } catch (Throwable e) { // whatever happens, the half-open permit must be returned
                String error = describe(e);
                recordError(error);
                if (!isOutage(e)) {
                    // Redis answers but refuses a step: it would refuse it at every probe, for ever;
                    // the circuit closes (it counts as a success) and the adapters meet the refusal
                    reportRefusal(e, error);
                }
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                if (!isOpen()) {
                    runRecoveredSteps(); // closed on a refusal
                }
            }
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            log.debug("Redis probe failed unexpectedly", e);
        }
    }

    private void runRecoveredSteps() {
        for (Runnable step : recoveredSteps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.debug("A step after Redis recovered failed; the next recovery takes it over", e);
            }
        }
    }

    private void onTransition(CircuitBreaker.StateTransition transition) {
        CircuitBreaker.State from = transition.getFromState();
        CircuitBreaker.State to = transition.getToState();
        if (from == CircuitBreaker.State.CLOSED && to == CircuitBreaker.State.OPEN) {
            outages.incrementAndGet();
            RedisStatus now = updateStatus(true);
            log.warn(
                    "Redis is unavailable, serving from fallbacks until it is back: {}",
                    now.lastError().orElse("unknown error"));
        } else if (to == CircuitBreaker.State.CLOSED && from != CircuitBreaker.State.CLOSED) {
            RedisStatus before = status;
            updateStatus(false);
            log.info(
                    "Redis is available again after {} ms; fallbacks no longer used",
                    Duration.between(before.since(), clock.instant()).toMillis());
        } else {
            log.debug("Redis circuit {}", transition);
        }
    }

    private synchronized RedisStatus updateStatus(boolean fallbackActive) {
        status = new RedisStatus(fallbackActive, clock.instant(), status.lastError());
        return status;
    }

    private synchronized void recordError(String error) {
        RedisStatus current = status;
        status = new RedisStatus(current.fallbackActive(), current.since(), Optional.of(error));
    }

    /**
     * {@code Type: message}, plus the root cause's when there is one (the reason, such as a refused
     * connection, a failed TLS handshake or {@code WRONGPASS}), on one line and without credentials
     * that a URI in a message might carry.
     */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String line = oneLine(e) + (root == e ? "" : " (" + oneLine(root) + ")");
        line = URL_USER_INFO.matcher(line.replaceAll("\\s+", " ")).replaceAll("***@");
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }

    private static String oneLine(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
