package dev.portkit.domain.health;

/**
 * A driven port that reports the health of one dependency of the service (Redis, a database, ...).
 *
 * <p>Implementations must be cheap and bounded: {@link #check()} is called by health endpoints that
 * load balancers poll, so it must return within its own short timeout and must never throw; a
 * failure is reported as a {@link Health} with status {@link HealthStatus#DOWN}. Implementations are
 * thread-safe.
 */
public interface HealthIndicator {

    /** A stable, lower-case name for this check, used as its key in health reports (e.g. {@code redis}). */
    String name();

    /** Checks the dependency now (or returns a recent cached result) and never throws. */
    Health check();
}
