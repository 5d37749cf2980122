package dev.portkit.application.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.ratelimit.MapRateLimiter;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginTest {

    private static final PasswordHasher HASHER = new PasswordHasher(1_000);
    private static final String ALICE_HASH = HASHER.hash("wonderland".toCharArray());

    private final MutableClock clock = MutableClock.startingNow();
    private final MapSessionStore sessions =
            new MapSessionStore(new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)), clock);
    private final CredentialStore credentials = new CredentialStore() {
        @Override
        public Optional<String> passwordHash(String username) {
            return Optional.ofNullable(Map.of("alice", ALICE_HASH).get(username));
        }

        @Override
        public boolean hasUsers() {
            return true;
        }
    };
    private final Login login = new Login(
            credentials,
            HASHER,
            sessions,
            new MapRateLimiter(clock),
            new LoginLimits(
                    new RateLimit("login-user", 3, Duration.ofMinutes(1)),
                    new RateLimit("login-address", 5, Duration.ofMinutes(1))));

    @Test
    void theRightPasswordOpensASessionForTheUser() {
        IssuedSession issued = login.login(new LoginAttempt("alice", "wonderland", "10.0.0.1"));

        assertEquals(new Principal("alice"), issued.session().principal());
        assertTrue(sessions.find(issued.token()).isPresent());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserFailAlike() {
        InvalidCredentialsException wrongPassword = assertThrows(
                InvalidCredentialsException.class,
                () -> login.login(new LoginAttempt("alice", "looking-glass", "10.0.0.1")));
        InvalidCredentialsException unknownUser = assertThrows(
                InvalidCredentialsException.class,
                () -> login.login(new LoginAttempt("mallory", "wonderland", "10.0.0.1")));

        assertEquals(wrongPassword.getMessage(), unknownUser.getMessage());
        assertEquals(java.util.List.of(), sessions.sessionsOf(new Principal("alice")));
    }

    @Test
    void usernamesAreComparedExactly() {
        assertThrows(
                InvalidCredentialsException.class,
                () -> login.login(new LoginAttempt("Alice", "wonderland", "10.0.0.1")));
    }

    @Test
    void rapidAttemptsForOneUserAreThrottledEvenWithTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            String address = "10.0.0." + i;
            assertThrows(
                    InvalidCredentialsException.class, () -> login.login(new LoginAttempt("alice", "guess", address)));
        }

        LoginThrottledException throttled = assertThrows(
                LoginThrottledException.class, () -> login.login(new LoginAttempt("alice", "wonderland", "10.0.0.9")));

        assertEquals(Duration.ofMinutes(1), throttled.retryAfter());
        clock.advance(Duration.ofMinutes(1));
        assertFalse(login.login(new LoginAttempt("alice", "wonderland", "10.0.0.9"))
                .token()
                .value()
                .isEmpty());
    }

    @Test
    void oneAddressTryingManyUsersIsThrottled() {
        for (int i = 0; i < 5; i++) {
            String user = "user" + i;
            assertThrows(
                    InvalidCredentialsException.class, () -> login.login(new LoginAttempt(user, "guess", "10.0.0.1")));
        }

        assertThrows(
                LoginThrottledException.class, () -> login.login(new LoginAttempt("alice", "wonderland", "10.0.0.1")));
        assertTrue(sessions.sessionsOf(new Principal("alice")).isEmpty());
    }

    @Test
    void anAttemptNeverShowsItsPassword() {
        assertFalse(
                new LoginAttempt("alice", "wonderland", "10.0.0.1").toString().contains("wonderland"));
    }
}
