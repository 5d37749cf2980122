package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.portkit.application.health.CheckHealth;
import dev.portkit.domain.health.HealthIndicator;
import java.util.List;
import java.util.Set;

/** Use cases and bindings shared by every environment. */
@Module
public interface CommonModule {

    /** Health indicators contributed by the adapters in use; there may be none. */
    @Multibinds
    Set<HealthIndicator> healthIndicators();

    @Provides
    static CheckHealth provideCheckHealth(Set<HealthIndicator> indicators) {
        return new CheckHealth(List.copyOf(indicators));
    }
}
