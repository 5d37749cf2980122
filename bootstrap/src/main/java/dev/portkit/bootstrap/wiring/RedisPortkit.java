package dev.portkit.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.portkit.bootstrap.config.PortkitConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.inject.Singleton;

/**
 * The service with Redis cache, session, lock and rate-limit adapters, shared by every instance on the same
 * Redis. Content, stock, users and the sessions' source of truth come from its {@link Stores}.
 */
@Singleton
@Component(
        modules = {
            CommonModule.class,
            HttpModule.class,
            MetricsModule.class,
            RedisModule.class,
            InventoryModule.class,
            RateLimitModule.class,
            StoresModule.class
        },
        dependencies = Stores.class)
public interface RedisPortkit extends Portkit {

    @Component.Builder
    interface Builder {
        @BindsInstance
        Builder config(PortkitConfig config);

        @BindsInstance
        Builder registry(PrometheusMeterRegistry registry);

        /** Content, stock, users and the sessions' source of truth. */
        Builder stores(Stores stores);

        RedisPortkit build();
    }
}
