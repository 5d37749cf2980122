package dev.portkit.adapters.inmemory.session;

import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreContract;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;

class InMemorySessionStoreTest extends SessionStoreContract {

    private final MutableClock clock = MutableClock.startingNow();

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        return new InMemorySessionStore(timeouts, clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }
}
