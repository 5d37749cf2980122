package dev.portkit.application.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portkit.domain.ratelimit.MapRateLimiter;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A login must cost the same whether or not the user exists, or its speed tells an attacker which usernames
 * are real. Wall-clock time is noise on a shared machine, so this counts the work instead: the key
 * derivations every path runs and their iterations.
 */
class LoginWorkTest {

    private static final int ITERATIONS = 1_000;
    private static final String LONG_PASSWORD = "x".repeat(PasswordHasher.MAX_PASSWORD_LENGTH + 1);

    /** The iteration count of every derivation, in order. */
    private final List<Integer> derivations = new ArrayList<>();

    private final PasswordHasher hasher = new PasswordHasher(ITERATIONS, (password, salt, iterations) -> {
        derivations.add(iterations);
        return PasswordHasher.pbkdf2(password, salt, iterations);
    });
    private final MutableClock clock = MutableClock.startingNow();
    private final Login login = new Login(
            new FixedUsers(Map.of("alice", new PasswordHasher(ITERATIONS).hash("wonderland".toCharArray()))),
            hasher,
            new MapSessionStore(new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)), clock),
            new MapRateLimiter(clock),
            new LoginLimits(
                    new RateLimit("login-user", 1_000, Duration.ofMinutes(1)),
                    new RateLimit("login-address", 1_000, Duration.ofMinutes(1))));

    @Test
    void everyFailedLoginDerivesOneKeyOfTheSameCost() {
        List<Integer> knownUserWrongPassword = failedLogin("alice", "looking-glass");
        List<Integer> unknownUser = failedLogin("mallory", "looking-glass");
        List<Integer> knownUserOverlongPassword = failedLogin("alice", LONG_PASSWORD);
        List<Integer> unknownUserOverlongPassword = failedLogin("mallory", LONG_PASSWORD);

        List<Integer> one = List.of(ITERATIONS);
        assertEquals(one, knownUserWrongPassword);
        assertEquals(one, unknownUser);
        assertEquals(one, knownUserOverlongPassword, "an overlong password costs what any other does");
        assertEquals(one, unknownUserOverlongPassword);
    }

    @Test
    void aSuccessfulLoginDerivesOneKeyOfThatCostToo() {
        derivations.clear();

        login.login(new LoginAttempt("alice", "wonderland", "10.0.0.1"));

        assertEquals(List.of(ITERATIONS), derivations);
    }

    @Test
    void anOverlongPasswordIsNeverHashedWhole() {
        List<char[]> hashed = new ArrayList<>();
        PasswordHasher recording = new PasswordHasher(ITERATIONS, (password, salt, iterations) -> {
            hashed.add(password.clone());
            return new byte[32];
        });

        recording.matches(LONG_PASSWORD.toCharArray(), new PasswordHasher(ITERATIONS).hash("a".toCharArray()));
        recording.spendVerificationTime(LONG_PASSWORD.toCharArray());

        assertEquals(2, hashed.size());
        hashed.forEach(password -> assertEquals(0, password.length, "the KDF never sees more than the limit"));
    }

    private List<Integer> failedLogin(String username, String password) {
        derivations.clear();
        assertThrows(
                InvalidCredentialsException.class, () -> login.login(new LoginAttempt(username, password, "10.0.0.1")));
        return List.copyOf(derivations);
    }

    private record FixedUsers(Map<String, String> hashes) implements CredentialStore {

        @Override
        public Optional<String> passwordHash(String username) {
            return Optional.ofNullable(hashes.get(username));
        }

        @Override
        public boolean hasUsers() {
            return !hashes.isEmpty();
        }
    }
}
