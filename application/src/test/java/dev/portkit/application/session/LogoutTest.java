package dev.portkit.application.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogoutTest {

    private final MapSessionStore sessions = new MapSessionStore(
            new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)), MutableClock.startingNow());
    private final Principal alice = new Principal("alice");

    @Test
    void logoutEndsOneSession() {
        IssuedSession phone = sessions.create(alice, Map.of());
        IssuedSession laptop = sessions.create(alice, Map.of());
        CurrentSession current = new CurrentSession(sessions);

        assertTrue(new Logout(sessions).logout(phone.token()));

        assertEquals(Optional.empty(), current.find(phone.token().value()));
        assertTrue(current.find(laptop.token().value()).isPresent());
        assertFalse(new Logout(sessions).logout(phone.token()), "twice is harmless");
    }

    @Test
    void logoutEverywhereEndsThemAll() {
        IssuedSession phone = sessions.create(alice, Map.of());
        sessions.create(alice, Map.of());

        assertEquals(2, new LogoutEverywhere(sessions).logoutEverywhere(alice));

        assertEquals(Optional.empty(), new CurrentSession(sessions).find(phone.token()));
    }

    @Test
    void junkTokensOpenNothing() {
        assertEquals(Optional.empty(), new CurrentSession(sessions).find("not-a-token"));
        assertEquals(Optional.empty(), new CurrentSession(sessions).find((String) null));
    }
}
