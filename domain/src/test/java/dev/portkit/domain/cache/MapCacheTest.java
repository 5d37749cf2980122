package dev.portkit.domain.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Runs the contract against the reference map cache, proving the suite itself. */
class MapCacheTest extends CacheContract {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    protected Cache createCache(String keyPrefix) {
        return new MapCache(nanos::get);
    }

    @Override
    protected void advanceTime(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
