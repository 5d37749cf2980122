package dev.portkit.bootstrap.wiring;

import dev.portkit.domain.session.CredentialStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The users of the configuration ({@code AUTH_USERS}, {@code AUTH_USERS_FILE}) first, then those of the
 * database: a user in both logs in with the configured hash, so the deployment's configuration stays in
 * charge (e.g. of an administrator) whatever the table holds. Both are always asked, so that a login takes
 * as long for a configured user as for any other (with the database down, logins fail anyway: sessions are
 * kept there too).
 */
final class LayeredCredentialStore implements CredentialStore {

    private final CredentialStore configured;
    private final CredentialStore stored;

    LayeredCredentialStore(CredentialStore configured, CredentialStore stored) {
        this.configured = Objects.requireNonNull(configured, "configured");
        this.stored = Objects.requireNonNull(stored, "stored");
    }

    @Override
    public Optional<String> passwordHash(String username) {
        Optional<String> fromConfiguration = configured.passwordHash(username);
        Optional<String> fromDatabase = stored.passwordHash(username);
        return fromConfiguration.isPresent() ? fromConfiguration : fromDatabase;
    }

    @Override
    public boolean hasUsers() {
        return configured.hasUsers() || stored.hasUsers();
    }

    @Override
    public String toString() {
        return "LayeredCredentialStore[" + configured + ", then " + stored + "]";
    }
}
