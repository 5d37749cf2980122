package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.session.SessionCookieSettings;
import dev.portkit.application.session.LoginLimits;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.SessionTimeouts;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Sessions and login.
 *
 * @param timeouts idle and absolute session lifetime
 * @param loginLimits login attempts per username and per client address
 * @param cookie the session cookie
 * @param users username to encoded password hash ({@code AUTH_USERS}); with a database, users of its table
 *     can log in too
 * @param touchInterval how often a request that uses a cached session writes its idle expiry to the
 *     database: sessions end between {@code idle - touchInterval} and {@code idle} after their last use
 */
public record SessionConfig(
        SessionTimeouts timeouts,
        LoginLimits loginLimits,
        SessionCookieSettings cookie,
        Map<String, String> users,
        Duration touchInterval) {

    /** Usernames of {@code AUTH_USERS} and of the users table. */
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,64}");

    /** The touch interval unless the idle timeout is shorter than four of them. */
    static final Duration DEFAULT_TOUCH_INTERVAL = Duration.ofMinutes(1);

    public SessionConfig {
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(touchInterval, "touchInterval");
        if (touchInterval.isNegative() || touchInterval.isZero() || touchInterval.compareTo(timeouts.idle()) >= 0) {
            throw new IllegalArgumentException("touchInterval must be positive and shorter than the idle timeout");
        }
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
                Map.of(),
                DEFAULT_TOUCH_INTERVAL);
    }

    /** {@link #DEFAULT_TOUCH_INTERVAL}, or a quarter of the idle timeout if that is shorter. */
    static Duration defaultTouchInterval(Duration idle) {
        Duration quarter = idle.dividedBy(4);
        return quarter.compareTo(DEFAULT_TOUCH_INTERVAL) < 0 && !quarter.isZero() ? quarter : DEFAULT_TOUCH_INTERVAL;
    }

    /** Whether {@code name} may be a username: 1 to 64 of {@code A-Z a-z 0-9 . _ @ + -}. */
    public static boolean isValidUsername(String name) {
        return name != null && USERNAME.matcher(name).matches();
    }

    /** Names the users but never shows their password hashes. */
    @Override
    public String toString() {
        return "SessionConfig[timeouts=" + timeouts + ", loginLimits=" + loginLimits + ", cookie=" + cookie + ", users="
                + users.keySet() + ", touchInterval=" + touchInterval + "]";
    }
}
