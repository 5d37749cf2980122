package dev.portkit.adapters.inmemory.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentChangesContract;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentType;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class InMemoryContentChangesTest extends ContentChangesContract {

    @Override
    protected Store createStore() {
        InMemoryContentChanges changes = new InMemoryContentChanges();
        return new Store(new InMemoryContentRepository(Clock.systemUTC(), changes), changes);
    }

    @Test
    void aReaderBehindWhatWasPurgedIsToldItMissedChanges() {
        InMemoryContentChanges changes = new InMemoryContentChanges(3);
        InMemoryContentRepository repository = new InMemoryContentRepository(Clock.systemUTC(), changes);
        for (int i = 0; i < 7; i++) {
            repository.create(new ContentType("event"), ContentData.empty());
        }

        ChangeBatch behind = changes.read(0, 100);
        ChangeBatch current = changes.read(behind.end() - 1, 100);

        assertTrue(behind.missed());
        assertEquals(7, behind.end());
        assertTrue(behind.changes().size() < 7);
        assertFalse(current.missed());
        assertEquals(1, current.changes().size());
    }
}
