package dev.portkit.domain.ratelimit;

/** A {@link RateLimiter} could not reach its backing store; the attempt may or may not be counted. */
public final class RateLimiterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RateLimiterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
