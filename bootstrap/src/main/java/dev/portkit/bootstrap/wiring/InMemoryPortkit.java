package dev.portkit.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.portkit.bootstrap.config.PortkitConfig;
import javax.inject.Singleton;

/** The service on the in-process adapters: nothing to install, nothing shared between instances. */
@Singleton
@Component(
        modules = {
            CommonModule.class,
            HttpModule.class,
            MetricsModule.class,
            InMemoryModule.class,
            InventoryModule.class,
            RateLimitModule.class,
            RepositoryModule.class
        })
public interface InMemoryPortkit extends Portkit {

    @Component.Builder
    interface Builder {
        @BindsInstance
        Builder config(PortkitConfig config);

        InMemoryPortkit build();
    }
}
