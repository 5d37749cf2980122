package dev.portkit.adapters.http.session;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The session cookie: always {@code HttpOnly}, {@code SameSite=Lax} and {@code Path=/}, without
 * {@code Max-Age} (it ends with the browser; the server enforces the session's own expiry).
 *
 * @param name the cookie name, a token of letters, digits, {@code _} and {@code -}
 * @param secure whether the cookie is marked {@code Secure} (sent over HTTPS only); turn off only
 *     for local development over plain HTTP
 */
public record SessionCookieSettings(String name, boolean secure) {

    public static final String DEFAULT_NAME = "portkit_session";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public SessionCookieSettings {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("cookie name must match [A-Za-z0-9_-]{1,64}");
        }
    }

    /** The {@code Set-Cookie} value that hands the token to the browser. */
    String issue(String token) {
        return name + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that makes the browser drop the cookie. */
    String clear() {
        return name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
