package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.portkit.application.content.ContentTypes;
import dev.portkit.application.content.CreateContent;
import dev.portkit.application.content.DeleteContent;
import dev.portkit.application.content.GetContent;
import dev.portkit.application.content.ListContent;
import dev.portkit.application.content.UpdateContent;
import dev.portkit.application.health.CheckHealth;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.content.ContentRepository;
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

    @Provides
    static ContentTypes provideContentTypes(PortkitConfig config) {
        return config.content();
    }

    @Provides
    static GetContent provideGetContent(ContentTypes types, ContentRepository repository, Cache cache) {
        return new GetContent(types, repository, cache);
    }

    @Provides
    static ListContent provideListContent(ContentTypes types, ContentRepository repository, Cache cache) {
        return new ListContent(types, repository, cache);
    }

    @Provides
    static CreateContent provideCreateContent(ContentTypes types, ContentRepository repository, Cache cache) {
        return new CreateContent(types, repository, cache);
    }

    @Provides
    static UpdateContent provideUpdateContent(ContentTypes types, ContentRepository repository, Cache cache) {
        return new UpdateContent(types, repository, cache);
    }

    @Provides
    static DeleteContent provideDeleteContent(ContentTypes types, ContentRepository repository, Cache cache) {
        return new DeleteContent(types, repository, cache);
    }
}
