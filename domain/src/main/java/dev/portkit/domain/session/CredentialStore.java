package dev.portkit.domain.session;

import java.util.Optional;

/**
 * A driven port that knows users' password hashes (from configuration, a database, a directory).
 * It stores and returns encoded hashes only, never a plaintext password; checking a password is the
 * application's job.
 *
 * <p>Implementations are thread-safe; a {@code null} username throws {@link NullPointerException}. A
 * store that cannot reach its backend (a database) throws {@link
 * dev.portkit.domain.source.SourceOfTruthUnavailableException}. The shared test suite {@code
 * CredentialStoreContract} (domain test-jar) pins this behaviour for every adapter.
 */
public interface CredentialStore {

    /** The encoded password hash of the user, or empty when there is no such user. */
    Optional<String> passwordHash(String username);

    /** Whether at least one user can log in (so that start-up can warn when none can). */
    boolean hasUsers();
}
