package dev.portkit.application.session;

import java.time.Duration;
import java.util.Objects;

/** Too many login attempts for the username or from the client address; try again after a while. */
public final class LoginThrottledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("too many login attempts", null, false, false);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** How long until an attempt can be counted again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
