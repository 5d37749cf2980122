package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.portkit.adapters.http.HttpRoutes;
import dev.portkit.adapters.http.inventory.InventoryRoutes;
import dev.portkit.application.inventory.GetStock;
import dev.portkit.application.inventory.InventorySettings;
import dev.portkit.application.inventory.ReserveStock;
import dev.portkit.application.inventory.SetStock;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.lock.LockService;
import dev.portkit.domain.lock.LockTemplate;
import javax.inject.Singleton;

/**
 * The inventory feature on whichever {@link LockService} and {@link StockStore} the environment's
 * adapter module binds: its use cases and routes, and the lock watchdog they share.
 */
@Module
public interface InventoryModule {

    @Provides
    @Singleton
    static LockTemplate provideLockTemplate(LockService locks) {
        return new LockTemplate(locks);
    }

    /** Stops the watchdog thread at shutdown. */
    @Provides
    @IntoSet
    static AutoCloseable provideLockTemplateShutdown(LockTemplate template) {
        return template;
    }

    @Provides
    static InventorySettings provideInventorySettings(PortkitConfig config) {
        return config.inventory();
    }

    @Provides
    @IntoSet
    static HttpRoutes provideInventoryRoutes(LockTemplate locks, StockStore store, InventorySettings settings) {
        return new InventoryRoutes(
                new GetStock(store), new SetStock(locks, store, settings), new ReserveStock(locks, store, settings));
    }
}
