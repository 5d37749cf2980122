package dev.portkit.bootstrap.wiring;

import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.health.HealthIndicator;
import dev.portkit.domain.inventory.StockStore;
import dev.portkit.domain.session.CredentialStore;
import dev.portkit.domain.session.SessionStore;
import java.util.Optional;

/**
 * The sources of truth of one kind of store ({@code STORE}): a small component each ({@link PostgresStores},
 * {@link InMemoryStores}), which the environment's component ({@link InMemoryPortkit}, {@link RedisPortkit})
 * takes as a dependency. Two store kinds and two cache environments make four services from four components,
 * not four copies of every module; Dagger still checks every binding at compile time.
 */
public interface Stores {

    ContentRepository contentRepository();

    StockStore stockStore();

    /**
     * The feed of the content changes the repository commits, which keeps every instance's caches coherent; empty
     * for the in-memory store (one process, whose writes evict its cache).
     */
    Optional<ContentChanges> contentChanges();

    /** Who may log in: the users table, and {@code AUTH_USERS}. */
    CredentialStore credentialStore();

    /**
     * The source of truth of sessions, which the environment serves through its cache; empty for the
     * in-memory store, where sessions live in the environment's session adapters alone.
     */
    @SourceOfTruth
    Optional<SessionStore> sessionSource();

    /** The {@code database} health check. */
    @SourceOfTruth
    HealthIndicator databaseHealth();

    /** Closes what the store opened (the pool, the embedded server), if it opened anything; idempotent. */
    @SourceOfTruth
    AutoCloseable databaseShutdown();
}
