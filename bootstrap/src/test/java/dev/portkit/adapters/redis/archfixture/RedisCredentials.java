package dev.portkit.adapters.redis.archfixture;

import dev.portkit.domain.session.CredentialStore;
import java.util.Optional;

/** Violates the rules on purpose: an adapter of CredentialStore whose name does not end with it. */
public final class RedisCredentials implements CredentialStore {
    @Override
    public Optional<String> passwordHash(String username) {
        return Optional.empty();
    }

    @Override
    public boolean hasUsers() {
        return false;
    }
}
