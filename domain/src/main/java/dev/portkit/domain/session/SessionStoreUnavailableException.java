package dev.portkit.domain.session;

/**
 * A {@link SessionStore} could not reach its backing store (Redis down, a timeout). The operation
 * may or may not have taken effect. Callers answer "try again later" (HTTP 503), never "logged out".
 */
public final class SessionStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
