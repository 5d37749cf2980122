package dev.portkit.application.session;

import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionToken;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: the session a client's token opens, if any. Each successful lookup counts as activity:
 * it slides the session's idle expiry.
 */
public final class CurrentSession {

    private final SessionStore sessions;

    public CurrentSession(SessionStore sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** The live session for the token the client sent (raw, possibly junk), or empty. */
    public Optional<Session> find(String rawToken) {
        return SessionToken.parse(rawToken).flatMap(sessions::find);
    }

    /** The live session for a token, or empty. */
    public Optional<Session> find(SessionToken token) {
        return sessions.find(Objects.requireNonNull(token, "token"));
    }
}
