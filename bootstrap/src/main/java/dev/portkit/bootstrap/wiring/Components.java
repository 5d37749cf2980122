package dev.portkit.bootstrap.wiring;

import dev.portkit.bootstrap.config.PortkitConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Chooses the components for the configuration: one for the store ({@code STORE}), one for the environment
 * ({@code CACHE_ADAPTER}), which takes the store's as a dependency.
 */
public final class Components {

    private Components() {}

    public static Portkit create(PortkitConfig config) {
        PrometheusMeterRegistry registry = MetricsModule.newRegistry();
        Stores stores = switch (config.database().store()) {
            case POSTGRES ->
                DaggerPostgresStores.builder().config(config).registry(registry).build();
            case MEMORY -> DaggerInMemoryStores.builder().config(config).build();
        };
        return switch (config.adapter()) {
            case REDIS ->
                DaggerRedisPortkit.builder()
                        .config(config)
                        .registry(registry)
                        .stores(stores)
                        .build();
            case MEMORY, AUTO ->
                DaggerInMemoryPortkit.builder()
                        .config(config)
                        .registry(registry)
                        .stores(stores)
                        .build();
        };
    }
}
