package dev.portkit.bootstrap.wiring;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dagger.Module;
import dagger.Provides;
import dev.portkit.adapters.inmemory.session.InMemoryCredentialStore;
import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.PostgresHealthIndicator;
import dev.portkit.adapters.postgres.content.PostgresContentChanges;
import dev.portkit.adapters.postgres.content.PostgresContentRepository;
import dev.portkit.adapters.postgres.inventory.PostgresStockStore;
import dev.portkit.adapters.postgres.session.PostgresSessionStore;
import dev.portkit.adapters.postgres.user.PostgresCredentialStore;
import dev.portkit.bootstrap.config.PortkitConfig;
import dev.portkit.bootstrap.metrics.DatabaseQueryMetrics;
import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.SessionStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * Binds the sources of truth to the PostgreSQL adapters. The database starts when the first of them is made:
 * the embedded server (without {@code DATABASE_URL}), the pool, the migrations.
 */
@Module
public interface PostgresModule {

    /** HikariCP's meters ({@code hikaricp_connections_*}) and a timer per query ({@code portkit_db_query_seconds}). */
    @Provides
    @Singleton
    static DatabaseLifecycle provideDatabaseLifecycle(PortkitConfig config, MeterRegistry registry) {
        return new DatabaseLifecycle(
                config.database(), new MicrometerMetricsTrackerFactory(registry), new DatabaseQueryMetrics(registry));
    }

    @Provides
    static PostgresDatabase provideDatabase(DatabaseLifecycle lifecycle) {
        return lifecycle.database();
    }

    @Provides
    @Singleton
    static ContentRepository provideContentRepository(PostgresDatabase database) {
        return new PostgresContentRepository(database, Clock.systemUTC());
    }

    /** The changes {@code content_change} records with every write, purged in the background after an hour. */
    @Provides
    @Singleton
    static Optional<ContentChanges> provideContentChanges(PostgresDatabase database, DatabaseLifecycle lifecycle) {
        PostgresContentChanges changes = new PostgresContentChanges(database);
        lifecycle.purgeContentChanges(changes);
        return Optional.of(changes);
    }

    @Provides
    @Singleton
    static StockStore provideStockStore(PostgresDatabase database) {
        return new PostgresStockStore(database);
    }

    /** {@code AUTH_USERS} first, then the users table. */
    @Provides
    @Singleton
    static CredentialStore provideCredentialStore(PortkitConfig config, PostgresDatabase database) {
        return new LayeredCredentialStore(
                new InMemoryCredentialStore(config.sessions().users()), new PostgresCredentialStore(database));
    }

    /** Sessions in the database, their expired rows purged in the background. */
    @Provides
    @Singleton
    @SourceOfTruth
    static Optional<SessionStore> provideSessionSource(
            PortkitConfig config, PostgresDatabase database, DatabaseLifecycle lifecycle) {
        PostgresSessionStore sessions =
                new PostgresSessionStore(database, config.sessions().timeouts(), Clock.systemUTC());
        lifecycle.purgeExpiredSessions(sessions);
        return Optional.of(sessions);
    }

    @Provides
    @Singleton
    @SourceOfTruth
    static HealthIndicator provideDatabaseHealth(PortkitConfig config, PostgresDatabase database) {
        return new PostgresHealthIndicator(database, config.database().embedded());
    }

    /** Closes the pool, then stops the embedded server; nothing if the database never started. */
    @Provides
    @SourceOfTruth
    static AutoCloseable provideDatabaseShutdown(DatabaseLifecycle lifecycle) {
        return lifecycle;
    }
}
