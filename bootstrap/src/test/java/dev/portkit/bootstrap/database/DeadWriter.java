package dev.portkit.bootstrap.database;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.PostgresSettings;
import dev.portkit.adapters.postgres.content.PostgresContentRepository;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentId;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentType;
import dev.portkit.testsupport.PostgresServerExtension;
import java.time.Clock;
import java.util.OptionalLong;

/**
 * An instance that commits a write and dies before it can evict anything: the service's own repository on
 * the test's database, with no cache at all. Deterministic, unlike killing a process at the right moment.
 */
final class DeadWriter implements AutoCloseable {

    private final PostgresDatabase database;
    private final PostgresContentRepository repository;

    DeadWriter(PostgresServerExtension postgres) {
        database = PostgresDatabase.open(PostgresSettings.of(
                postgres.host(), postgres.port(), postgres.database(), postgres.user(), postgres.password()));
        repository = new PostgresContentRepository(database, Clock.systemUTC());
    }

    /** Commits new data for the item at {@code path} ({@code /api/content/<type>/<id>}); evicts nothing. */
    ContentItem update(String path, String json) {
        String[] parts = path.split("/");
        return repository.update(
                new ContentType(parts[3]), new ContentId(parts[4]), new ContentData(json), OptionalLong.empty());
    }

    @Override
    public void close() {
        database.close();
    }
}
