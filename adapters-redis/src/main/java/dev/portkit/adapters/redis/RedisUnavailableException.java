package dev.portkit.adapters.redis;

/**
 * Redis could not serve a call: the {@link RedisCircuit} is open, the connection is down, or the
 * command failed or timed out. Adapters catch it to fall back (cache, sessions) or to fail closed
 * (locks); it never carries a password.
 */
public final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Without a stack trace: thrown on every call while the circuit is open, so it must be cheap. */
    RedisUnavailableException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
    }
}
