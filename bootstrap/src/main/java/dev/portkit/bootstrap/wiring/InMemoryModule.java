package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import java.util.Set;

/** Binds the domain ports to the in-process adapters (the embedded default). */
@Module
public interface InMemoryModule {

    /** Resources to close at shutdown: the in-memory adapters hold none. */
    @Provides
    @ElementsIntoSet
    static Set<AutoCloseable> provideNoResources() {
        return Set.of();
    }
}
