package dev.portkit.application.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.adapters.inmemory.CaffeineCache;
import dev.portkit.adapters.inmemory.CaffeineCacheSettings;
import dev.portkit.adapters.inmemory.content.InMemoryContentChanges;
import dev.portkit.adapters.inmemory.content.InMemoryContentRepository;
import dev.portkit.domain.cache.Cache;
import dev.portkit.domain.cache.CacheCoherence;
import dev.portkit.domain.cache.CacheInvalidation;
import dev.portkit.domain.cache.CacheUnavailableException;
import dev.portkit.domain.content.ChangeBatch;
import dev.portkit.domain.content.ContentChanges;
import dev.portkit.domain.content.ContentData;
import dev.portkit.domain.content.ContentItem;
import dev.portkit.domain.content.ContentType;
import dev.portkit.domain.source.SourceOfTruthUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The relay on the in-memory feed: a write committed by an instance that died before evicting reaches the
 * shared store once and every instance's copies after it, and nothing is acknowledged that the shared store
 * did not take.
 */
class ContentChangeRelayTest {

    private static final ContentTypes TYPES = types();
    private static final ContentType EVENT = new ContentType("event");

    private final InMemoryContentChanges feed = new InMemoryContentChanges();
    private final InMemoryContentRepository repository = new InMemoryContentRepository(Clock.systemUTC(), feed);

    private static ContentTypes types() {
        Map<ContentType, Duration> ttls = new LinkedHashMap<>();
        ttls.put(new ContentType("event"), Duration.ofMinutes(5));
        ttls.put(new ContentType("venue"), Duration.ofMinutes(15));
        return new ContentTypes(ttls, Duration.ofSeconds(30));
    }

    /** A write made straight in the source, as by an instance that died right after its commit. */
    private ContentItem commitWithoutEvicting(ContentItem item, String json) {
        return repository.update(EVENT, item.id(), new ContentData(json), OptionalLong.empty());
    }

    @Test
    void aProcessLocalCacheDropsWhatAnInstanceThatDiedCommitted() {
        Cache cache = new CaffeineCache(CaffeineCacheSettings.ofEntries(1_000));
        ContentChangeRelay relay = new ContentChangeRelay(feed, CacheCoherence.processLocal(cache), TYPES);
        GetContent get = new GetContent(TYPES, repository, cache);
        ContentItem item = repository.create(EVENT, new ContentData("{\"v\":1}"));
        relay.relay(); // the first round finds its place in the feed
        assertEquals(1, get.get("event", item.id().value()).value().version());

        commitWithoutEvicting(item, "{\"v\":2}");
        assertEquals(1, get.get("event", item.id().value()).value().version(), "stale until the relay runs");

        assertEquals(1, relay.relay());
        Cached<ContentItem> after = get.get("event", item.id().value());
        assertEquals(2, after.value().version());
    }

    @Test
    void theSharedStoreTakesEachChangeOnceAndEveryInstanceDropsItsCopiesAfterIt() {
        RecordingCoherence first = new RecordingCoherence();
        RecordingCoherence second = new RecordingCoherence();
        ContentChangeRelay onFirst = new ContentChangeRelay(feed, first, TYPES);
        ContentChangeRelay onSecond = new ContentChangeRelay(feed, second, TYPES);
        onFirst.relay();
        onSecond.relay();
        first.clear();
        second.clear();
        ContentItem item = repository.create(EVENT, ContentData.empty());

        onFirst.relay();
        onSecond.relay();

        List<CacheInvalidation> expected = ContentCaching.invalidations(TYPES, EVENT, List.of(item.id()));
        assertEquals(expected, first.shared, "the first round applies it to the shared store");
        assertEquals(List.of(), second.shared, "once: the second finds it acknowledged");
        assertEquals(expected, first.local);
        assertEquals(expected, second.local);
    }

    @Test
    void noInstanceDropsItsCopiesBeforeTheSharedStoreHasTheChange() {
        RecordingCoherence coherence = new RecordingCoherence();
        ContentChangeRelay relay = new ContentChangeRelay(feed, coherence, TYPES);
        relay.relay();
        coherence.clear();
        coherence.available = false; // Redis down: its circuit is open
        ContentItem item = repository.create(EVENT, ContentData.empty());

        relay.relay();
        assertEquals(List.of(), coherence.shared);
        assertEquals(List.of(), coherence.local, "dropped now, the old value could be copied back from Redis");

        coherence.available = true;
        relay.relay();
        List<CacheInvalidation> expected = ContentCaching.invalidations(TYPES, EVENT, List.of(item.id()));
        assertEquals(expected, coherence.shared);
        assertEquals(expected, coherence.local);
    }

    @Test
    void aChangeTheSharedStoreFailedToTakeIsAppliedAgain() {
        RecordingCoherence coherence = new RecordingCoherence();
        ContentChangeRelay relay = new ContentChangeRelay(feed, coherence, TYPES);
        relay.relay();
        coherence.clear();
        long acknowledged = feed.acknowledged(ContentChangeRelay.SHARED_CACHE);
        ContentItem item = repository.create(EVENT, ContentData.empty());
        coherence.failing = true;

        assertThrows(CacheUnavailableException.class, relay::relay);
        assertEquals(acknowledged, feed.acknowledged(ContentChangeRelay.SHARED_CACHE), "nothing acknowledged");

        coherence.failing = false;
        relay.relay();
        assertEquals(ContentCaching.invalidations(TYPES, EVENT, List.of(item.id())), coherence.shared);
    }

    @Test
    void theCatchUpAppliesEverythingCommittedOrDropsEveryContentEntryWhenTheFeedCannotBeRead() {
        RecordingCoherence coherence = new RecordingCoherence();
        FailingFeed failing = new FailingFeed(feed);
        ContentChangeRelay relay = new ContentChangeRelay(failing, coherence, TYPES);
        relay.relay();
        coherence.clear();
        coherence.available = false;
        ContentItem item = repository.create(EVENT, ContentData.empty());

        relay.catchUpSharedStore(); // the circuit's recovery: Redis is not in use yet
        assertEquals(ContentCaching.invalidations(TYPES, EVENT, List.of(item.id())), coherence.shared);

        coherence.clear();
        repository.create(EVENT, ContentData.empty());
        failing.down = true;
        relay.catchUpSharedStore();
        assertEquals(ContentCaching.everything(TYPES), coherence.shared);
        assertTrue(
                TYPES.cacheNamespaces().stream()
                        .allMatch(ns -> coherence.shared.stream()
                                .anyMatch(i -> i.namespace().equals(ns) && i.wholeNamespace())),
                "every content namespace");
    }

    @Test
    void anInstanceBehindWhatWasPurgedDropsEverything() {
        InMemoryContentChanges small = new InMemoryContentChanges(2);
        InMemoryContentRepository source = new InMemoryContentRepository(Clock.systemUTC(), small);
        RecordingCoherence coherence = new RecordingCoherence();
        ContentChangeRelay relay = new ContentChangeRelay(small, coherence, TYPES);
        relay.relay();
        coherence.clear();
        coherence.available = false; // the shared store falls far behind
        for (int i = 0; i < 10; i++) {
            source.create(EVENT, ContentData.empty());
        }

        coherence.available = true;
        relay.relay();

        assertEquals(
                ContentCaching.everything(TYPES),
                coherence.shared.subList(0, TYPES.cacheNamespaces().size()));
        assertEquals(
                ContentCaching.everything(TYPES),
                coherence.local.subList(0, TYPES.cacheNamespaces().size()));
    }

    /** A cache with a shared store, recording what it is told. */
    private static final class RecordingCoherence implements CacheCoherence {

        final List<CacheInvalidation> shared = Collections.synchronizedList(new ArrayList<>());
        final List<CacheInvalidation> local = Collections.synchronizedList(new ArrayList<>());
        volatile boolean available = true;
        volatile boolean failing;

        @Override
        public boolean sharesStore() {
            return true;
        }

        @Override
        public boolean sharedStoreAvailable() {
            return available;
        }

        @Override
        public void applyShared(List<CacheInvalidation> invalidations) {
            if (failing) {
                throw new CacheUnavailableException("Redis failed", null);
            }
            shared.addAll(invalidations);
        }

        @Override
        public void dropLocal(List<CacheInvalidation> invalidations) {
            local.addAll(invalidations);
        }

        @Override
        public void beforeSharedStoreServes(Runnable catchUp) {}

        void clear() {
            shared.clear();
            local.clear();
        }
    }

    /** A feed whose database can go down. */
    private static final class FailingFeed implements ContentChanges {

        private final ContentChanges feed;
        volatile boolean down;

        FailingFeed(ContentChanges feed) {
            this.feed = feed;
        }

        @Override
        public long end() {
            check();
            return feed.end();
        }

        @Override
        public ChangeBatch read(long position, int limit) {
            check();
            return feed.read(position, limit);
        }

        @Override
        public long acknowledged(String consumer) {
            check();
            return feed.acknowledged(consumer);
        }

        @Override
        public ChangeBatch readAcknowledged(String consumer, long position, int limit) {
            check();
            return feed.readAcknowledged(consumer, position, limit);
        }

        @Override
        public ChangeBatch deliver(String consumer, int limit, Consumer<ChangeBatch> handler) {
            check();
            return feed.deliver(consumer, limit, handler);
        }

        private void check() {
            if (down) {
                throw new SourceOfTruthUnavailableException("the database is down", null);
            }
        }
    }
}
