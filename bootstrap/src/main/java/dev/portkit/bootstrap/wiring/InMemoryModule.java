package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.inmemory.lock.InMemoryLockService;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.LockService;
import java.util.Set;
import javax.inject.Singleton;

/** Binds the domain ports to the in-process adapters (the embedded default). */
@Module
public interface InMemoryModule {

    @Provides
    @Singleton
    static Cache provideCache(PortkitConfig config) {
        return new CaffeineCache(config.cache());
    }

    /** Resources to close at shutdown: the in-memory adapters hold none. */
    @Provides
    @ElementsIntoSet
    static Set<AutoCloseable> provideNoResources() {
        return Set.of();
    }

    /** Locks within this process only: right for one instance, no protection across several. */
    @Provides
    @Singleton
    static LockService provideLockService() {
        return new InMemoryLockService();
    }

    @Provides
    @Singleton
    static StockStore provideStockStore() {
        return new InMemoryStockStore();
    }
}
