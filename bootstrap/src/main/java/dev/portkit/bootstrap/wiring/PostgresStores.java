package dev.portkit.bootstrap.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.portkit.bootstrap.config.PortkitConfig;
import io.micrometer.core.instrument.MeterRegistry;
import javax.inject.Singleton;

/**
 * The sources of truth on PostgreSQL ({@code STORE=postgres}, the default): the database of {@code
 * DATABASE_URL}, or the embedded one in {@code DATA_DIR}. Nothing starts until the service asks for a store.
 */
@Singleton
@Component(modules = PostgresModule.class)
public interface PostgresStores extends Stores {

    @Component.Builder
    interface Builder {
        @BindsInstance
        Builder config(PortkitConfig config);

        /** For the pool's and the queries' meters. */
        @BindsInstance
        Builder registry(MeterRegistry registry);

        PostgresStores build();
    }
}
