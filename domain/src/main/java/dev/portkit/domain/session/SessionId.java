package dev.portkit.domain.session;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The stored identity of a session: the SHA-256 of its {@link SessionToken}, as 64 lower-case hex
 * digits. Stores keep this, never the token, so a copy of the store cannot be used to log in. Safe
 * to log and to show to the session's owner (e.g. to list and revoke devices).
 *
 * @param value 64 lower-case hex digits
 */
public record SessionId(String value) {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public SessionId {
        Objects.requireNonNull(value, "value");
        if (!HEX_SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException("session id must be 64 lower-case hex digits");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
