package dev.portkit.domain.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The secret a client presents to use its session: {@code <route>.<secret>}, URL-safe (base64url
 * characters and one dot), 60 characters.
 *
 * <ul>
 *   <li>{@code secret}: 256 bits from {@link SecureRandom}; this is what makes the token unguessable.
 *   <li>{@code route}: 96 bits of the SHA-256 of the principal's name. It is no secret: it lets a
 *       store find the principal's partition from the token alone (the Redis adapter puts all of a
 *       principal's keys in one Redis Cluster hash slot with it) without the token revealing the
 *       name.
 * </ul>
 *
 * <p>Stores keep only the {@link #id()} (the SHA-256 of the whole token). Changing any character,
 * the route included, gives another id, so a route cannot be forged onto someone else's secret.
 * {@link #toString()} never shows the token; {@link #value()} is for the cookie or response that
 * hands it to its owner, never for logs.
 */
public final class SessionToken {

    private static final int SECRET_BYTES = 32;
    private static final int ROUTE_BYTES = 12;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String value;

    private SessionToken(String value) {
        this.value = value;
    }

    /** A new token for the principal, with a fresh 256-bit secret from {@code random}. */
    public static SessionToken issue(Principal principal, SecureRandom random) {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(random, "random");
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new SessionToken(routeOf(principal) + "." + BASE64URL.encodeToString(secret));
    }

    /**
     * The token a client sent, or empty when it does not have the shape of one (so that junk is
     * rejected without a store lookup).
     */
    public static Optional<SessionToken> parse(String raw) {
        if (raw == null || !FORMAT.matcher(raw).matches()) {
            return Optional.empty();
        }
        return Optional.of(new SessionToken(raw));
    }

    /**
     * The partition of a principal's sessions, as it appears before the dot of their tokens: the
     * first 96 bits of the SHA-256 of the name, base64url (16 characters).
     */
    public static String routeOf(Principal principal) {
        byte[] digest = sha256(principal.name().getBytes(StandardCharsets.UTF_8));
        byte[] route = new byte[ROUTE_BYTES];
        System.arraycopy(digest, 0, route, 0, ROUTE_BYTES);
        return BASE64URL.encodeToString(route);
    }

    /** The full token, for the client that owns it. Never log it. */
    public String value() {
        return value;
    }

    /** The route part (before the dot): which principal partition the session lives in. */
    public String route() {
        return value.substring(0, value.indexOf('.'));
    }

    /** The SHA-256 of the token: what stores keep instead of the token. */
    public SessionId id() {
        return new SessionId(HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.US_ASCII))));
    }

    /** Constant-time comparison, so that comparing tokens leaks no timing. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SessionToken token
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII), token.value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Shows only the route: a token in a log line or exception message must not be usable. */
    @Override
    public String toString() {
        return "SessionToken[" + route() + ".***]";
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
