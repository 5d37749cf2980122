package dev.portkit.domain.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How long sessions live.
 *
 * @param idle a session not used for this long ends (sliding: every {@link SessionStore#find find}
 *     restarts it); positive
 * @param absolute a session ends this long after it was created, however active; positive
 */
public record SessionTimeouts(Duration idle, Duration absolute) {

    public SessionTimeouts {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(absolute, "absolute");
        if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero()) {
            throw new IllegalArgumentException("session timeouts must be positive");
        }
        if (idle.toMillis() < 1 || absolute.toMillis() < 1) {
            throw new IllegalArgumentException("session timeouts must be at least 1ms");
        }
    }
}
