package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.inventory.InMemoryStockStore;
import dev.portkit.adapters.inmemory.lock.InMemoryLockService;
import dev.portkit.adapters.inmemory.ratelimit.InMemoryRateLimiter;
import dev.portkit.adapters.inmemory.session.InMemorySessionStore;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.session.SessionStore;
import java.time.Clock;
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

    @Provides
    @Singleton
    static SessionStore provideSessionStore(PortkitConfig config) {
        return new InMemorySessionStore(config.sessions().timeouts(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    static RateLimiter provideRateLimiter() {
        return new InMemoryRateLimiter(Clock.systemUTC());
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
