package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dev.portkit.adapters.inmemory.content.InMemoryContentRepository;
import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.inmemory.session.InMemoryCredentialStore;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.health.Health;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.health.HealthStatus;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.SessionStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import javax.inject.Singleton;

/** Binds the sources of truth to the in-memory adapters, for demos and fast tests. */
@Module
public interface InMemoryStoreModule {

    @Provides
    @Singleton
    static ContentRepository provideContentRepository() {
        return new InMemoryContentRepository(Clock.systemUTC());
    }

    /** None: the repository is this process's, and its writes evict this process's cache. */
    @Provides
    static Optional<ContentChanges> provideContentChanges() {
        return Optional.empty();
    }

    @Provides
    @Singleton
    static StockStore provideStockStore() {
        return new InMemoryStockStore();
    }

    /** The users of {@code AUTH_USERS} or {@code AUTH_USERS_FILE}. */
    @Provides
    @Singleton
    static CredentialStore provideCredentialStore(PortkitConfig config) {
        return new InMemoryCredentialStore(config.sessions().users());
    }

    /** None: sessions live in the environment's session adapters (in memory, or Redis). */
    @Provides
    @SourceOfTruth
    static Optional<SessionStore> provideSessionSource() {
        return Optional.empty();
    }

    /** {@code database} is {@code DISABLED}: there is none. */
    @Provides
    @SourceOfTruth
    static HealthIndicator provideDatabaseHealth() {
        return new HealthIndicator() {
            @Override
            public String name() {
                return "database";
            }

            @Override
            public Health check() {
                return new Health(HealthStatus.DISABLED, Map.of("store", "in-memory"));
            }
        };
    }

    @Provides
    @SourceOfTruth
    static AutoCloseable provideDatabaseShutdown() {
        return () -> {};
    }
}
