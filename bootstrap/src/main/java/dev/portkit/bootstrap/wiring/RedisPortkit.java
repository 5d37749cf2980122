package dev.portkit.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.portkit.bootstrap.config.PortkitConfig;
import javax.inject.Singleton;

/** The service on the Redis adapters, shared by every instance that points at the same Redis. */
@Singleton
@Component(
        modules = {
            CommonModule.class,
            HttpModule.class,
            MetricsModule.class,
            RedisModule.class,
            InventoryModule.class,
            RateLimitModule.class,
            RepositoryModule.class
        })
public interface RedisPortkit extends Portkit {

    @Component.Builder
    interface Builder {
        @BindsInstance
        Builder config(PortkitConfig config);

        RedisPortkit build();
    }
}
