package dev.portkit.application.session;

import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionToken;
import java.util.Objects;

/** Use case: end the session a token opens (log out on this device). */
public final class Logout {

    private final SessionStore sessions;

    public Logout(SessionStore sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** @return whether a live session was ended; logging out twice is harmless */
    public boolean logout(SessionToken token) {
        return sessions.delete(Objects.requireNonNull(token, "token"));
    }
}
