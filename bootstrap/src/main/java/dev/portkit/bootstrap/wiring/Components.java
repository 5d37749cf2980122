package dev.portkit.bootstrap.wiring;

import dev.portkit.bootstrap.config.PortkitConfig;

/** Chooses the component for the configured adapters: one component per environment. */
public final class Components {

    private Components() {}

    public static Portkit create(PortkitConfig config) {
        return switch (config.adapter()) {
            case REDIS -> DaggerRedisPortkit.builder().config(config).build();
            case MEMORY, AUTO -> DaggerInMemoryPortkit.builder().config(config).build();
        };
    }
}
