package dev.portkit.domain.session;

import java.util.Objects;

/**
 * A session just created, with the token that opens it. The token exists only here: the store
 * keeps its hash, so this is the one chance to hand it to the client.
 */
public record IssuedSession(SessionToken token, Session session) {

    public IssuedSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(session, "session");
        if (!token.id().equals(session.id())) {
            throw new IllegalArgumentException("the session id must be the token's hash");
        }
    }
}
