package dev.portkit.bootstrap.config;

import dev.portkit.adapters.http.session.SessionCookieSettings;
import dev.portkit.application.session.LoginLimits;
import dev.portkit.application.session.PasswordHasher;
import dev.portkit.domain.ratelimit.RateLimit;
import dev.portkit.domain.session.SessionTimeouts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session and login variables: timeouts, the cookie, login rate limits and the users ({@code
 * AUTH_USERS} or {@code AUTH_USERS_FILE}), whose password hashes are validated here so that a typo
 * stops start-up instead of locking a user out.
 */
final class SessionVariables {

    static final String PER_USERNAME = "login-user";
    static final String PER_ADDRESS = "login-address";

    private static final String RATE_FORMAT = "expected attempts/window such as 5/1m or 100/1h";
    private static final String USER_FORMAT = "expected user:hash entries separated by commas, the hash made by"
            + " 'java -jar portkit.jar hash-password' (pbkdf2-sha256$ITERATIONS$SALT$HASH)";

    private SessionVariables() {}

    static SessionConfig parse(Env env) {
        SessionConfig defaults = SessionConfig.defaults();
        Duration idle = env.duration(
                "SESSION_IDLE_TIMEOUT", defaults.timeouts().idle(), Duration.ofSeconds(1), Env.MAX_DURATION);
        Duration absolute = env.duration(
                "SESSION_ABSOLUTE_TIMEOUT", defaults.timeouts().absolute(), Duration.ofSeconds(1), Env.MAX_DURATION);
        if (idle.compareTo(absolute) > 0) {
            // Blame the one that was set: with the other at its default, that is the mistake.
            if (env.get("SESSION_IDLE_TIMEOUT").isEmpty()) {
                throw env.invalid(
                        "SESSION_ABSOLUTE_TIMEOUT",
                        env.get("SESSION_ABSOLUTE_TIMEOUT").orElseThrow(),
                        "must not be shorter than SESSION_IDLE_TIMEOUT (" + Env.show(idle) + ")");
            }
            throw env.invalid(
                    "SESSION_IDLE_TIMEOUT",
                    env.get("SESSION_IDLE_TIMEOUT").get(),
                    "must not be longer than SESSION_ABSOLUTE_TIMEOUT (" + Env.show(absolute) + ")");
        }
        LoginLimits limits = new LoginLimits(
                rate(env, "LOGIN_RATE_LIMIT", defaults.loginLimits().perUsername()),
                rate(env, "LOGIN_ADDRESS_RATE_LIMIT", defaults.loginLimits().perClientAddress()));
        SessionCookieSettings cookie =
                new SessionCookieSettings(SessionCookieSettings.DEFAULT_NAME, env.bool("SESSION_COOKIE_SECURE", true));
        Duration touch = env.positiveDuration("SESSION_TOUCH_INTERVAL", SessionConfig.defaultTouchInterval(idle));
        if (touch.compareTo(idle) >= 0) {
            throw env.invalid(
                    "SESSION_TOUCH_INTERVAL",
                    env.get("SESSION_TOUCH_INTERVAL").orElse(Env.show(touch)),
                    "must be shorter than SESSION_IDLE_TIMEOUT (" + Env.show(idle) + "), or sessions end while in use");
        }
        return new SessionConfig(new SessionTimeouts(idle, absolute), limits, cookie, users(env), touch);
    }

    /** {@code N/DURATION}, e.g. {@code 5/1m}: at most N attempts in any window of that length. */
    private static RateLimit rate(Env env, String name, RateLimit defaultLimit) {
        return env.get(name)
                .map(raw -> RateLimitVariables.rate(env, name, raw, raw, RATE_FORMAT))
                .map(rate -> new RateLimit(defaultLimit.name(), rate.permits(), rate.window()))
                .orElse(defaultLimit);
    }

    private static Map<String, String> users(Env env) {
        Optional<String> inline = env.get("AUTH_USERS");
        Optional<Path> file = env.readableFile("AUTH_USERS_FILE");
        if (inline.isPresent() && file.isPresent()) {
            throw env.invalid("AUTH_USERS_FILE", file.get().toString(), "AUTH_USERS is set too: use one of them");
        }
        if (inline.isPresent()) {
            return parseUsers(env, "AUTH_USERS", List.of(inline.get().split(",")));
        }
        if (file.isPresent()) {
            try {
                return parseUsers(env, "AUTH_USERS_FILE", Files.readAllLines(file.get(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw env.invalid("AUTH_USERS_FILE", file.get().toString(), "the file could not be read");
            }
        }
        return Map.of();
    }

    /** Entries {@code user:hash}; blank entries and lines starting with {@code #} are skipped. */
    private static Map<String, String> parseUsers(Env env, String name, List<String> entries) {
        Map<String, String> users = new LinkedHashMap<>();
        int number = 0;
        for (String raw : entries) {
            number++;
            String entry = raw.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int colon = entry.indexOf(':');
            String user = colon < 0 ? "" : entry.substring(0, colon);
            String hash = colon < 0 ? "" : entry.substring(colon + 1);
            String where = "entry " + number + (SessionConfig.isValidUsername(user) ? " (" + user + ")" : "");
            if (!SessionConfig.isValidUsername(user)) {
                throw env.invalid(
                        name, entry, where + ": usernames are 1 to 64 of A-Z a-z 0-9 . _ @ + -; " + USER_FORMAT);
            }
            if (!PasswordHasher.isWellFormed(hash)) {
                throw env.invalid(name, entry, where + ": not a password hash; " + USER_FORMAT);
            }
            if (users.put(user, hash) != null) {
                throw env.invalid(name, entry, where + ": " + user + " is listed twice");
            }
        }
        return users;
    }
}
