package dev.portkit.domain.session;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a stored session, as of the store call that returned it.
 *
 * @param id the SHA-256 of the session's token; never the token itself
 * @param principal who the session belongs to
 * @param attributes small string values kept with the session; immutable, no nulls
 * @param createdAt when the session was created
 * @param lastAccessedAt the last create or {@link SessionStore#find find}
 * @param expiresAt when the session ends unless used again: the idle expiry, capped by {@code
 *     absoluteExpiresAt}
 * @param absoluteExpiresAt when the session ends however active it is
 */
public record Session(
        SessionId id,
        Principal principal,
        Map<String, String> attributes,
        Instant createdAt,
        Instant lastAccessedAt,
        Instant expiresAt,
        Instant absoluteExpiresAt) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(principal, "principal");
        attributes = SessionAttributes.validated(attributes);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
        if (expiresAt.isAfter(absoluteExpiresAt)) {
            throw new IllegalArgumentException("expiresAt must not be after absoluteExpiresAt");
        }
    }
}
