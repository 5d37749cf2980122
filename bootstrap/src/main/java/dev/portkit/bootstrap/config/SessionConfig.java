package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.session.SessionCookieSettings;
import dev.portkit.application.session.LoginLimits;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.SessionTimeouts;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Sessions and login.
 *
 * @param timeouts idle and absolute session lifetime
 * @param loginLimits login attempts per username and per client address
 * @param cookie the session cookie
 * @param users username to encoded password hash; empty means nobody can log in
 */
public record SessionConfig(
        SessionTimeouts timeouts, LoginLimits loginLimits, SessionCookieSettings cookie, Map<String, String> users) {

    public SessionConfig {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(loginLimits, "loginLimits");
        Objects.requireNonNull(cookie, "cookie");
        users = Map.copyOf(users);
    }

    /** 30 minutes idle, 12 hours absolute; 5 logins a minute per username and 20 per address; no users. */
    public static SessionConfig defaults() {
        return new SessionConfig(
                new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12)),
                new LoginLimits(
                        new RateLimit(SessionVariables.PER_USERNAME, 5, Duration.ofMinutes(1)),
                        new RateLimit(SessionVariables.PER_ADDRESS, 20, Duration.ofMinutes(1))),
                new SessionCookieSettings(SessionCookieSettings.DEFAULT_NAME, true),
                Map.of());
    }

    /** Names the users but never shows their password hashes. */
    @Override
    public String toString() {
        return "SessionConfig[timeouts=" + timeouts + ", loginLimits=" + loginLimits + ", cookie=" + cookie + ", users="
                + users.keySet() + "]";
    }
}
