package dev.portkit.domain.session;

import java.util.Objects;

/**
 * Who a session belongs to: the authenticated user's stable name (a username, a subject id).
 *
 * @param name 1 to 256 characters, no control characters; compared exactly (case-sensitive)
 */
public record Principal(String name) {

    public Principal {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("principal name must have 1 to 256 characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("principal name must not contain control characters");
        }
    }
}
