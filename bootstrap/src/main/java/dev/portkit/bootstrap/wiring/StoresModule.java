package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.application.session.CachedSessionStore;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.session.SessionStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/** What every environment takes from its {@link Stores}: the database's health check and its shutdown. */
@Module
public interface StoresModule {

    @Provides
    @IntoSet
    static HealthIndicator provideDatabaseHealth(@SourceOfTruth HealthIndicator database) {
        return database;
    }

    /** Closed with the other resources once the server has drained. */
    @Provides
    @IntoSet
    static AutoCloseable provideDatabaseShutdown(@SourceOfTruth AutoCloseable shutdown) {
        return shutdown;
    }

    /**
     * Sessions from the store's source of truth, served through the environment's cache (with Redis, a cache
     * every instance shares); or, for the in-memory store, the environment's own session store.
     */
    static SessionStore sessions(
            Optional<SessionStore> source, Cache cache, PortkitConfig config, Supplier<SessionStore> withoutSource) {
        return source.<SessionStore>map(database -> new CachedSessionStore(
                        database,
                        cache,
                        config.sessions().timeouts(),
                        config.sessions().touchInterval(),
                        Clock.systemUTC()))
                .orElseGet(withoutSource);
    }
}
