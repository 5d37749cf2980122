package dev.portkit.domain.cache;

/**
 * A cache's shared store (e.g. Redis) did not take a change that had to reach it ({@link
 * CacheCoherence#applyShared}): it is down, too slow, or refused. Transient: apply the change again later.
 */
public final class CacheUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
