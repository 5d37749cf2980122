package dev.portkit.domain.ratelimit;

/**
 * A {@link RateLimiter} could not reach its backing store; the attempt may or may not be counted.
 * The caller lets the request through or refuses it, as the limit's {@link RateLimit#fallback()} says.
 *
 * <p>Without a stack trace of its own: during an outage it is thrown for every limited request, so
 * it must be cheap. Its cause, if any, says what failed.
 */
public final class RateLimiterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RateLimiterUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
