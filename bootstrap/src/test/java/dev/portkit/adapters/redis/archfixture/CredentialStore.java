package dev.portkit.adapters.redis.archfixture;

import java.util.Optional;

/** Violates the rules on purpose: an adapter named after its port with no technology in front. */
public final class CredentialStore implements dev.portkit.domain.session.CredentialStore {
    @Override
    public Optional<String> passwordHash(String username) {
        return Optional.empty();
    }

    @Override
    public boolean hasUsers() {
        return false;
    }
}
