package dev.portkit.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.portkit.bootstrap.config.PortkitConfig;
import javax.inject.Singleton;

/** The sources of truth in this process's memory ({@code STORE=memory}): lost on restart, not shared. */
@Singleton
@Component(modules = InMemoryStoreModule.class)
public interface InMemoryStores extends Stores {

    @Component.Builder
    interface Builder {
        @BindsInstance
        Builder config(PortkitConfig config);

        InMemoryStores build();
    }
}
