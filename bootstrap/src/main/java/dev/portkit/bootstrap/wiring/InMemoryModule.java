package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.domain.cache.Cache;
import java.util.Set;
import javax.inject.Singleton;

/** Binds the domain ports to the in-process adapters (the embedded default). */
@Module
public interface InMemoryModule {

    @Provides
    @Singleton
    static Cache provideCache() {
        return new CaffeineCache(CaffeineCacheSettings.ofEntries(10_000));
    }

    /** Resources to close at shutdown: the in-memory adapters hold none. */
    @Provides
    @ElementsIntoSet
    static Set<AutoCloseable> provideNoResources() {
        return Set.of();
    }
}
