package dev.portkit.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.portkit.bootstrap.config.PortkitConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.inject.Singleton;

/**
 * The service with in-process cache, session, lock and rate-limit adapters: nothing to install. Content,
 * stock, users and the sessions' source of truth come from its {@link Stores} (by default PostgreSQL).
 */
@Singleton
@Component(
        modules = {
            CommonModule.class,
            HttpModule.class,
            MetricsModule.class,
            InMemoryModule.class,
            InventoryModule.class,
            RateLimitModule.class,
            StoresModule.class
        },
        dependencies = Stores.class)
public interface InMemoryPortkit extends Portkit {

    @Component.Builder
    interface Builder {
        @BindsInstance
        Builder config(PortkitConfig config);

        @BindsInstance
        Builder registry(PrometheusMeterRegistry registry);

        /** Content, stock, users and the sessions' source of truth. */
        Builder stores(Stores stores);

        InMemoryPortkit build();
    }
}
