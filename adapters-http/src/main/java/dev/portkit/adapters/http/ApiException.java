package dev.portkit.adapters.http;

import io.javalin.http.HttpStatus;
import java.util.Objects;

/**
 * Thrown by a handler to answer with an error status and an {@link ApiError} body.
 *
 * <p>The server maps it to a JSON response; it carries no stack trace (it is control flow, not a
 * fault).
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(code, getMessage());
    }
}
