package dev.portkit.application.session;

import dev.portkit.domain.ratelimit.RateLimitResult;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionStore;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: log in with a username and password and get a new session.
 *
 * <p>In order: the attempt is counted against the client address's limit, then the username's (a
 * throttled attempt is refused before any password is checked); the password is checked against
 * the stored hash, or, for an unknown user, against a dummy hash of the same cost, so that the
 * answer takes as long whether or not the user exists; then the session is created. Wrong
 * username and wrong password give the same {@link InvalidCredentialsException}.
 */
public final class Login {

    private final CredentialStore credentials;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final RateLimiter rateLimiter;
    private final LoginLimits limits;

    public Login(
            CredentialStore credentials,
            PasswordHasher hasher,
            SessionStore sessions,
            RateLimiter rateLimiter,
            LoginLimits limits) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * @return the new session and its token
     * @throws LoginThrottledException if the address or the username is over its limit
     * @throws InvalidCredentialsException if the username and password do not match a user
     */
    public IssuedSession login(LoginAttempt attempt) {
        Objects.requireNonNull(attempt, "attempt");
        throttle(rateLimiter.tryAcquire(limits.perClientAddress(), attempt.clientAddress()));
        throttle(rateLimiter.tryAcquire(limits.perUsername(), attempt.username()));

        char[] password = attempt.password().toCharArray();
        Optional<String> hash = credentials.passwordHash(attempt.username());
        boolean valid;
        if (hash.isPresent()) {
            valid = hasher.matches(password, hash.get());
        } else {
            hasher.spendVerificationTime(password);
            valid = false;
        }
        Arrays.fill(password, '\0');
        if (!valid) {
            throw new InvalidCredentialsException();
        }
        return sessions.create(new Principal(attempt.username()), Map.of());
    }

    private static void throttle(RateLimitResult result) {
        if (!result.allowed()) {
            throw new LoginThrottledException(result.retryAfter());
        }
    }
}
