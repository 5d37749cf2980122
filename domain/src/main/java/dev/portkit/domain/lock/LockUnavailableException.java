package dev.portkit.domain.lock;

/**
 * The lock service cannot be reached, so whether a lock is free is unknown and the caller must not
 * proceed as if it held it. Transient: callers answer "try again later" (HTTP 503 with {@code
 * Retry-After}).
 */
public final class LockUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LockUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
