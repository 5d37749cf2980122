package dev.portkit.adapters.inmemory.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentRepository;
import dev.portkit.domain.content.ContentRepositoryContract;
import dev.portkit.domain.content.ContentType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InMemoryContentRepositoryTest extends ContentRepositoryContract {

    private static final ContentType EVENT = new ContentType("event");

    @Override
    protected ContentRepository createRepository() {
        return new InMemoryContentRepository(Clock.systemUTC());
    }

    @Test
    void listsInCreationOrderEvenWhenTheClockGoesBack() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00.000Z"));
        InMemoryContentRepository repository = new InMemoryContentRepository(clock);
        List<ContentItem> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(repository.create(EVENT, ContentData.empty())); // same millisecond
        }
        clock.now = clock.now.minusSeconds(5);
        created.add(repository.create(EVENT, ContentData.empty()));

        assertEquals(created, repository.list(EVENT, Optional.empty(), 10).items());
    }

    @Test
    void idsAreVersion7Uuids() {
        InMemoryContentRepository repository = createRepositoryAt(Instant.parse("2026-11-24T10:00:00Z"));

        UUID id = UUID.fromString(
                repository.create(EVENT, ContentData.empty()).id().value());

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(Instant.parse("2026-11-24T10:00:00Z").toEpochMilli(), id.getMostSignificantBits() >>> 16);
    }

    @Test
    void updatedAtComesFromTheClockInMilliseconds() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00.123456789Z"));
        InMemoryContentRepository repository = new InMemoryContentRepository(clock);
        ContentItem created = repository.create(EVENT, ContentData.empty());
        clock.now = Instant.parse("2026-11-24T11:00:00Z");

        ContentItem updated = repository.update(EVENT, created.id(), ContentData.empty(), OptionalLong.empty());

        assertEquals(Instant.parse("2026-11-24T10:00:00.123Z"), created.updatedAt());
        assertEquals(Instant.parse("2026-11-24T11:00:00Z"), updated.updatedAt());
        assertEquals(created.id(), updated.id());
    }

    private static InMemoryContentRepository createRepositoryAt(Instant instant) {
        return new InMemoryContentRepository(Clock.fixed(instant, ZoneOffset.UTC));
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
