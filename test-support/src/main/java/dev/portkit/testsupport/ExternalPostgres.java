package dev.portkit.testsupport;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A PostgreSQL that somebody else runs, named by a URL such as {@code
 * postgresql://admin:secret@db.example:5432/postgres} ({@code PORTKIT_TEST_DATABASE_URL}). The user must be
 * allowed to create databases: the harness creates a throwaway one per test class there and drops only that.
 *
 * @param host the server's host
 * @param port the server's port, 5432 when the URL has none
 * @param user the user from the URL
 * @param password the password from the URL, if any
 * @param database the database to connect to for {@code CREATE DATABASE}, {@code postgres} when the URL has none
 */
record ExternalPostgres(String host, int port, String user, Optional<String> password, String database) {

    private static final int DEFAULT_PORT = 5432;

    static ExternalPostgres parse(String url) {
        URI parsed;
        try {
            parsed = new URI(url.strip());
        } catch (URISyntaxException e) {
            // Not chained: the exception's message quotes the whole URL, password included.
            throw new IllegalArgumentException("Not a PostgreSQL URL: " + redact(url) + " (" + e.getReason() + ")");
        }
        String scheme = parsed.getScheme();
        if (!("postgresql".equals(scheme) || "postgres".equals(scheme)) || parsed.getHost() == null) {
            throw new IllegalArgumentException(
                    "Expected postgresql://user:password@host:port/database but got " + redact(url));
        }
        String userInfo = parsed.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
            throw new IllegalArgumentException("The URL needs a user who may create databases: " + redact(url));
        }
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        Optional<String> password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
        String path = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
        return new ExternalPostgres(
                parsed.getHost(),
                parsed.getPort() == -1 ? DEFAULT_PORT : parsed.getPort(),
                user,
                password,
                path.isEmpty() ? "postgres" : path);
    }

    /** Hides whatever sits between the scheme and an {@code @}, so that a password never reaches a message. */
    static String redact(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }

    /** Percent-decodes a part of the user info ({@code %40} is {@code @}); unlike a form, {@code +} stays. */
    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
    }
}
