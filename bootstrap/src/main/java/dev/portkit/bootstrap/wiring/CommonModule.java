package dev.portkit.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.portkit.application.content.ContentChangeRelay;
import dev.portkit.application.content.ContentTypes;
import dev.portkit.application.content.CreateContent;
import dev.portkit.application.content.DeleteContent;
import dev.portkit.application.content.GetContent;
import dev.portkit.application.content.ListContent;
import dev.portkit.application.content.UpdateContent;
import dev.portkit.application.health.CheckHealth;
import dev.portkit.application.session.CurrentSession;
import dev.portkit.application.session.Login;
import dev.portkit.application.session.Logout;
import dev.portkit.application.session.LogoutEverywhere;
import dev.portkit.application.session.PasswordHasher;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheCoherence;
import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.ratelimit.RateLimiter;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.SessionStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Singleton;

/** Use cases and bindings shared by every environment. */
@Module
public interface CommonModule {

    /** Health indicators contributed by the adapters in use; there may be none. */
    @Multibinds
    Set<HealthIndicator> healthIndicators();

    @Provides
    static CheckHealth provideCheckHealth(Set<HealthIndicator> indicators, Cache cache, ContentTypes types) {
        return new CheckHealth(List.copyOf(indicators), cache, types.cacheNamespaces());
    }

    /** PBKDF2 at the default cost: what {@code hash-password} produces. */
    @Provides
    @Singleton
    static PasswordHasher providePasswordHasher() {
        return new PasswordHasher();
    }

    @Provides
    static Login provideLogin(
            CredentialStore credentials,
            PasswordHasher hasher,
            SessionStore sessions,
            RateLimiter rateLimiter,
            PortkitConfig config) {
        return new Login(
                credentials, hasher, sessions, rateLimiter, config.sessions().loginLimits());
    }

    @Provides
    static Logout provideLogout(SessionStore sessions) {
        return new Logout(sessions);
    }

    @Provides
    static LogoutEverywhere provideLogoutEverywhere(SessionStore sessions) {
        return new LogoutEverywhere(sessions);
    }

    @Provides
    static CurrentSession provideCurrentSession(SessionStore sessions) {
        return new CurrentSession(sessions);
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

    /**
     * With a database: the content changes every instance commits reach the caches from the database's feed,
     * every {@code DATABASE_FEED_INTERVAL}, and before Redis serves again after an outage. Stopped at shutdown.
     */
    @Provides
    @IntoSet
    @Singleton
    static AutoCloseable provideContentChangeRelay(
            Optional<ContentChanges> changes, CacheCoherence coherence, ContentTypes types, PortkitConfig config) {
        if (changes.isEmpty()) {
            return () -> {};
        }
        ContentChangeRelay relay = new ContentChangeRelay(changes.get(), coherence, types);
        coherence.beforeSharedStoreServes(relay::catchUpSharedStore);
        return ContentRelaySchedule.start(relay, config.database().feedInterval());
    }
}
