package dev.portkit.adapters.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Closed: calls go to Redis and their outcomes are counted. When {@link
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

    private final CircuitBreaker breaker;
    private final Runnable probe;
    private final Clock clock;
    private final List<Runnable> recoverySteps = new CopyOnWriteArrayList<>();
    private final AtomicLong outages = new AtomicLong();
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
            recordError(describe(e));
            breaker.transitionToOpenState();
            return false;
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
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
            } catch (RuntimeException e) {
                recordError(describe(e));
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            }
        } catch (RuntimeException e) {
            log.debug("Redis probe failed unexpectedly", e);
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

    /** {@code Type: message}, one line, without credentials that a URI in the message might carry. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        String line = (root.getClass().getSimpleName() + message).replaceAll("\\s+", " ");
        line = URL_USER_INFO.matcher(line).replaceAll("***@");
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
