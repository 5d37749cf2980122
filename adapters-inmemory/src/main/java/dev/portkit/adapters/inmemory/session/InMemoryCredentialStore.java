package dev.portkit.adapters.inmemory.session;

import dev.portkit.domain.session.CredentialStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CredentialStore} over a fixed map of username to encoded password hash, e.g. from the
 * {@code AUTH_USERS} setting. Usernames are compared exactly.
 */
public final class InMemoryCredentialStore implements CredentialStore {

    private final Map<String, String> passwordHashes;

    public InMemoryCredentialStore(Map<String, String> passwordHashes) {
        this.passwordHashes = Map.copyOf(Objects.requireNonNull(passwordHashes, "passwordHashes"));
    }

    @Override
    public Optional<String> passwordHash(String username) {
        return Optional.ofNullable(passwordHashes.get(Objects.requireNonNull(username, "username")));
    }

    @Override
    public boolean hasUsers() {
        return !passwordHashes.isEmpty();
    }

    /** Lists the number of users only: the map holds password hashes. */
    @Override
    public String toString() {
        return "InMemoryCredentialStore[" + passwordHashes.size() + " users]";
    }
}
