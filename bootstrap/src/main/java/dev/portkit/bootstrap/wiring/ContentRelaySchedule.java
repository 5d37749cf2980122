package dev.portkit.bootstrap.wiring;

import dev.portkit.application.content.ContentChangeRelay;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ContentChangeRelay}'s rounds on a thread of its own, every {@code DATABASE_FEED_INTERVAL},
 * from start-up until {@link #close()}. One WARN line when rounds start failing (Redis refusing the changes, an
 * unexpected error), one INFO line when they succeed again; a database outage is the database's own line.
 */
final class ContentRelaySchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContentRelaySchedule.class);

    private final ContentChangeRelay relay;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;
    /** Only touched by the scheduler's thread. */
    private boolean failing;

    private ContentRelaySchedule(ContentChangeRelay relay, Duration interval) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portkit-content-relay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the rounds now. */
    static ContentRelaySchedule start(ContentChangeRelay relay, Duration interval) {
        ContentRelaySchedule schedule = new ContentRelaySchedule(relay, interval);
        schedule.scheduler.scheduleWithFixedDelay(schedule::round, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return schedule;
    }

    private void round() {
        try {
            relay.relay();
            if (failing) {
                failing = false;
                log.info("Content changes committed by every instance reach the caches again");
            }
        } catch (SourceOfTruthUnavailableException e) {
            log.debug("The content change feed cannot be read now: {}", e.getMessage());
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            if (!failing && !closed) {
                failing = true;
                log.warn(
                        "Content changes committed by other instances do not reach the caches: {}; trying again"
                                + " every {} ms",
                        e.toString(),
                        interval.toMillis());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
