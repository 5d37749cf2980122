package dev.portkit.domain.source;

/**
 * The source of truth (the database behind {@code ContentRepository}, {@code StockStore} or {@code
 * CredentialStore}) could not be reached within its adapter's timeout: refused, down, or too slow to answer.
 * Transient: callers answer "try again later" (HTTP 503 with {@code Retry-After}), never "not found".
 *
 * <p>A read that throws it returned nothing. A write that throws it may or may not have been committed (a
 * timeout after the commit), so callers treat its outcome as unknown, e.g. by evicting what they cache.
 */
public final class SourceOfTruthUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SourceOfTruthUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
