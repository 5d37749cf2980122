package dev.portkit.adapters.redis.archfixture;

import dev.portkit.domain.session.CredentialStore;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/** Violates the rules on purpose: a framework injects its dependency into a field. */
public final class RedisFieldInjectedCredentialStore implements CredentialStore {
    @Inject
    Map<String, String> hashes;

    @Override
    public Optional<String> passwordHash(String username) {
        return Optional.ofNullable(hashes.get(username));
    }

    @Override
    public boolean hasUsers() {
        return !hashes.isEmpty();
    }
}
