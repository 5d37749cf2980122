package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dev.portkit.adapters.inmemory.content.InMemoryContentRepository;
import dev.portkit.domain.content.ContentRepository;
import java.time.Clock;
import javax.inject.Singleton;

/**
 * Binds the source-of-truth ports. The example keeps content in memory in every environment, as a
 * stand-in for a database: a real service binds its database adapter here.
 */
@Module
public interface RepositoryModule {

    @Provides
    @Singleton
    static ContentRepository provideContentRepository() {
        return new InMemoryContentRepository(Clock.systemUTC());
    }
}
