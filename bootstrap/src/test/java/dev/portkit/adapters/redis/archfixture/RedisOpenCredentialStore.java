package dev.portkit.adapters.redis.archfixture;

import dev.portkit.domain.session.CredentialStore;
import java.util.Optional;

/** Violates the rules on purpose: an adapter that is not final. */
public class RedisOpenCredentialStore implements CredentialStore {
    @Override
    public Optional<String> passwordHash(String username) {
        return Optional.empty();
    }

    @Override
    public boolean hasUsers() {
        return false;
    }
}
