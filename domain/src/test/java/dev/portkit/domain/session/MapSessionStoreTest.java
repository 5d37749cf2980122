package dev.portkit.domain.session;

import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;

class MapSessionStoreTest extends SessionStoreContract {

    private final MutableClock clock = MutableClock.startingNow();

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        return new MapSessionStore(timeouts, clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }
}
