package dev.portkit.testsupport;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A Redis that somebody else runs, named by a {@code redis://} or {@code rediss://} URL such as {@code
 * REDIS_URL}.
 *
 * @param uri the URL without its user info, safe to log; the port is always present
 * @param password the password from the URL's user info ({@code redis://:secret@host}, {@code
 *     redis://user:secret@host} or {@code redis://secret@host}), or {@code null}
 */
record ExternalRedis(URI uri, String password) {

    private static final int DEFAULT_PORT = 6379;

    static ExternalRedis parse(String url) {
        try {
            URI parsed = new URI(url.strip());
            String scheme = parsed.getScheme();
            if (!("redis".equals(scheme) || "rediss".equals(scheme)) || parsed.getHost() == null) {
                throw new IllegalArgumentException(
                        "Expected redis://host:port or rediss://host:port but got " + redact(url));
            }
            String userInfo = parsed.getUserInfo();
            String password = userInfo == null ? null : userInfo.substring(userInfo.indexOf(':') + 1);
            int port = parsed.getPort() == -1 ? DEFAULT_PORT : parsed.getPort();
            URI safe = new URI(scheme, null, parsed.getHost(), port, parsed.getPath(), parsed.getQuery(), null);
            return new ExternalRedis(safe, password);
        } catch (URISyntaxException e) {
            // Not chained: the exception's message quotes the whole URL, password included.
            throw new IllegalArgumentException("Not a Redis URL: " + redact(url) + " (" + e.getReason() + ")");
        }
    }

    boolean tls() {
        return "rediss".equals(uri.getScheme());
    }

    /** Hides whatever sits between the scheme and an {@code @}, so that a password never reaches a message. */
    private static String redact(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }
}
