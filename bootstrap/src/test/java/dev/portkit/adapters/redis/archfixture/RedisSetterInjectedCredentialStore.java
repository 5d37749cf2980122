package dev.portkit.adapters.redis.archfixture;

import dev.portkit.domain.session.CredentialStore;
import java.util.Map;
import java.util.Optional;

/** Violates the rules on purpose: its dependency is set after construction, by a setter. */
public final class RedisSetterInjectedCredentialStore implements CredentialStore {
    private Map<String, String> hashes = Map.of();

    public void setHashes(Map<String, String> hashes) {
        this.hashes = hashes;
    }

    @Override
    public Optional<String> passwordHash(String username) {
        return Optional.ofNullable(hashes.get(username));
    }

    @Override
    public boolean hasUsers() {
        return !hashes.isEmpty();
    }
}
