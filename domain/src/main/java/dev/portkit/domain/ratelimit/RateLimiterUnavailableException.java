package dev.portkit.domain.ratelimit;

/**
 * A {@link RateLimiter} could not reach its backing store; the attempt may or may not be counted.
 * The caller lets the request through or refuses it, as the limit's {@link RateLimit#fallback()} says.
 */
public final class RateLimiterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RateLimiterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
