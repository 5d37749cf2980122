package dev.portkit.adapters.redis.session;

import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.SessionId;
import dev.portkit.domain.session.SessionToken;
import java.util.Objects;

/**
 * The Redis key scheme for sessions. All keys of one principal carry the same hash tag, the route of
 * their tokens ({@link SessionToken#routeOf}), so they live in one Redis Cluster slot and scripts
 * can change them atomically:
 *
 * <pre>
 * {prefix}session:{ROUTE}:index      sorted set: session id -> expiry (epoch ms)
 * {prefix}session:{ROUTE}:id:SHA256  hash: principal, created, accessed, expires, absolute, a:NAME...
 * </pre>
 *
 * The route is 96 bits of the SHA-256 of the principal's name and the id the SHA-256 of the token:
 * no key or value holds a usable token, and keys do not spell out user names.
 */
final class SessionKeys {

    private final String prefix;

    SessionKeys(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("the key prefix must not contain { or }: they mark hash tags");
        }
        this.prefix = prefix;
    }

    String index(String route) {
        return prefix + "session:{" + route + "}:index";
    }

    String index(Principal principal) {
        return index(SessionToken.routeOf(principal));
    }

    String session(String route, SessionId id) {
        return prefix + "session:{" + route + "}:id:" + id.value();
    }

    String session(SessionToken token) {
        return session(token.route(), token.id());
    }
}
