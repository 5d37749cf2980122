package dev.portkit.testsupport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * A Redis that somebody else runs, named by a {@code redis://} or {@code rediss://} URL such as {@code
 * PORTKIT_TEST_REDIS_URL}. The harness only ever works under key prefixes of its own there.
 *
 * @param uri the URL without its user info, safe to log; the port is always present
 * @param username the ACL user from the URL's user info ({@code redis://user:secret@host}), or {@code null}
 * @param password the password from the URL's user info ({@code redis://:secret@host}, {@code
 *     redis://user:secret@host} or {@code redis://secret@host}), or {@code null}
 * @param database the database number of the URL's path ({@code /2}), 0 without one
 */
record ExternalRedis(URI uri, String username, String password, int database) {

    private static final int DEFAULT_PORT = 6379;
    private static final Pattern DATABASE = Pattern.compile("/?|/\\d{1,5}");

    static ExternalRedis parse(String url) {
        try {
            URI parsed = new URI(url.strip());
            String scheme = parsed.getScheme();
            if (!("redis".equals(scheme) || "rediss".equals(scheme)) || parsed.getHost() == null) {
                throw new IllegalArgumentException(
                        "Expected redis://host:port or rediss://host:port but got " + redact(url));
            }
            String path = parsed.getPath() == null ? "" : parsed.getPath();
            if (!DATABASE.matcher(path).matches()) {
                throw new IllegalArgumentException(
                        "Expected a database number as the path, e.g. /0, but got " + redact(url));
            }
            String userInfo = parsed.getUserInfo();
            String username = null;
            String password = null;
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                password = userInfo.substring(colon + 1);
                username = colon > 0 ? userInfo.substring(0, colon) : null;
            }
            int port = parsed.getPort() == -1 ? DEFAULT_PORT : parsed.getPort();
            int database = path.length() > 1 ? Integer.parseInt(path.substring(1)) : 0;
            URI safe = new URI(scheme, null, parsed.getHost(), port, path, null, null);
            return new ExternalRedis(safe, username, password, database);
        } catch (URISyntaxException e) {
            // Not chained: the exception's message quotes the whole URL, password included.
            throw new IllegalArgumentException("Not a Redis URL: " + redact(url) + " (" + e.getReason() + ")");
        }
    }

    boolean tls() {
        return "rediss".equals(uri.getScheme());
    }

    /** Hides whatever sits between the scheme and an {@code @}, so that a password never reaches a message. */
    static String redact(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }
}
