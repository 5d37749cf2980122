package dev.portkit.adapters.inmemory.session;

import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.CredentialStoreContract;
import java.util.Map;

class InMemoryCredentialStoreTest extends CredentialStoreContract {

    @Override
    protected CredentialStore storeWith(Map<String, String> users) {
        return new InMemoryCredentialStore(users);
    }
}
