package dev.portkit.adapters.postgres.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.adapters.postgres.PostgresDatabase;
import dev.portkit.adapters.postgres.TestDatabases;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentRepositoryContract;
import dev.portkit.domain.content.ContentType;
import dev.portkit.testsupport.PostgresServerExtension;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresContentRepositoryIT extends ContentRepositoryContract {

    @RegisterExtension
    static final PostgresServerExtension postgres = new PostgresServerExtension();

    private static PostgresDatabase database;

    @BeforeAll
    static void open() {
        database = TestDatabases.open(postgres);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Override
    protected ContentRepository createRepository() {
        TestDatabases.truncate(postgres, "content_item");
        return new PostgresContentRepository(database, Clock.systemUTC());
    }

    @Test
    void theJsonTextIsKeptExactlyAndItemsSurviveANewAdapter() {
        ContentType event = new ContentType("event");
        ContentData data = new ContentData("{\"b\":1,\"a\":[true,null],\"t\":\"caf\\u00e9 ✓\",\"n\":1.50}");
        ContentItem created = createRepository().create(event, data);

        ContentRepository another = new PostgresContentRepository(database, Clock.systemUTC());

        assertEquals(Optional.of(created), another.find(event, created.id()));
        assertEquals(data, another.find(event, created.id()).orElseThrow().data());
    }

    @Test
    void idsListInByteOrderWhateverTheLocale() {
        ContentRepository repository = createRepository();
        ContentType venue = new ContentType("venue");
        for (int i = 0; i < 5; i++) {
            repository.create(venue, ContentData.empty());
        }

        List<ContentItem> items = repository.list(venue, Optional.empty(), 10).items();

        List<String> ids = items.stream().map(item -> item.id().value()).toList();
        List<String> sorted = ids.stream().sorted().toList();
        assertEquals(sorted, ids);
    }
}
