package dev.portkit.application.session;

import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionStore;
import java.util.Objects;

/** Use case: end every session of a principal, on every device. */
public final class LogoutEverywhere {

    private final SessionStore sessions;

    public LogoutEverywhere(SessionStore sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** @return how many sessions were ended */
    public int logoutEverywhere(Principal principal) {
        return sessions.deleteAll(Objects.requireNonNull(principal, "principal"));
    }
}
