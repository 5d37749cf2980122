package dev.portkit.domain.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A driven port that keeps login sessions: a session belongs to a {@link Principal}, carries a few
 * string attributes and is opened by a {@link SessionToken} that only the client holds.
 *
 * <h2>Tokens</h2>
 *
 * {@link #create} issues the token ({@link SessionToken#issue}: 256 random bits from {@link
 * java.security.SecureRandom}) and returns it once. Stores keep only its SHA-256 ({@link
 * SessionId}); nothing in the store, keys included, can be turned back into a usable token.
 *
 * <h2>Expiry</h2>
 *
 * A session has two expiries, from the store's {@link SessionTimeouts}:
 *
 * <ul>
 *   <li>idle: it ends when not found for {@code idle}; each {@link #find} restarts this clock
 *       (sliding expiry);
 *   <li>absolute: it ends {@code absolute} after creation, however often it is found.
 * </ul>
 *
 * {@link Session#expiresAt()} is the earlier of the two. An expired session is gone for every
 * method: never found, listed, updated or counted as deleted. Only {@code find} slides the idle
 * expiry; {@code updateAttributes}, {@code sessionsOf} and the deletes leave it as it is.
 *
 * <h2>Principal index</h2>
 *
 * {@link #sessionsOf} lists a principal's live sessions and {@link #deleteAll} ends them all ("log
 * out everywhere"). The index never reports expired sessions and does not grow with them: stores
 * prune it as sessions expire.
 *
 * <h2>Contract</h2>
 *
 * Implementations are thread-safe; concurrent {@code find}s of one session all succeed while it is
 * live. Arguments are never {@code null} ({@link NullPointerException}); attributes follow {@link
 * SessionAttributes}. A store that cannot reach its backend throws {@link
 * SessionStoreUnavailableException}; the call may or may not have taken effect. The shared test
 * suite {@code SessionStoreContract} (domain test-jar) pins this behaviour for every adapter.
 */
public interface SessionStore {

    /**
     * Starts a session for the principal with the given attributes.
     *
     * @return the session and its token, which is not retrievable later
     */
    IssuedSession create(Principal principal, Map<String, String> attributes);

    /**
     * The live session the token opens, with its idle expiry slid to {@code now + idle} (capped by
     * the absolute expiry); empty when there is none (never created, expired or deleted).
     */
    Optional<Session> find(SessionToken token);

    /**
     * Replaces the session's attributes with {@code attributes}, keeping its expiry.
     *
     * @return the updated session, or empty when the token opens no live session
     */
    Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes);

    /**
     * Ends the session the token opens.
     *
     * @return whether a live session was ended
     */
    boolean delete(SessionToken token);

    /** The principal's live sessions, in no particular order. */
    List<Session> sessionsOf(Principal principal);

    /**
     * Ends every live session of the principal ("log out everywhere"). Sessions created
     * concurrently with the call may survive it.
     *
     * @return how many sessions were ended
     */
    int deleteAll(Principal principal);
}
