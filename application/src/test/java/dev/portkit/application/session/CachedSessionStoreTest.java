package dev.portkit.application.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.cache.MapCache;
import dev.portkit.domain.session.IssuedSession;
import dev.portkit.domain.session.MapSessionStore;
import dev.portkit.domain.session.Principal;
import dev.portkit.domain.session.Session;
import dev.portkit.domain.session.SessionStore;
import dev.portkit.domain.session.SessionStoreContract;
import dev.portkit.domain.session.SessionStoreUnavailableException;
import dev.portkit.domain.session.SessionTimeouts;
import dev.portkit.domain.session.SessionToken;
import dev.portkit.domain.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The cache-aside session store: the shared contract, then what the cache changes. */
class CachedSessionStoreTest extends SessionStoreContract {

    private static final SessionTimeouts TIMEOUTS = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12));
    private static final Duration TOUCH = Duration.ofMinutes(1);

    private final MutableClock clock = MutableClock.startingNow();

    @Override
    protected SessionStore newStore(SessionTimeouts timeouts) {
        return new CachedSessionStore(
                new MapSessionStore(timeouts, clock),
                new MapCache(() -> clock.millis() * 1_000_000),
                timeouts,
                TOUCH,
                clock);
    }

    @Override
    protected void elapse(Duration duration) {
        clock.advance(duration);
    }

    /** One source of truth; caches and instances as each test sets them up. */
    @Nested
    class WhatTheCacheChanges {

        private final CountingSource source = new CountingSource(new MapSessionStore(TIMEOUTS, clock));
        private final MapCache sharedCache = new MapCache(() -> clock.millis() * 1_000_000);
        private final CachedSessionStore instanceA = instance(sharedCache);
        private final CachedSessionStore instanceB = instance(sharedCache);
        private final Principal alice = new Principal("alice");

        @Test
        void findsWithinTheTouchIntervalCostTheSourceNothing() {
            IssuedSession issued = instanceA.create(alice, Map.of());

            for (int i = 0; i < 100; i++) {
                clock.advance(TOUCH.dividedBy(200));
                assertTrue(instanceA.find(issued.token()).isPresent());
                assertTrue(instanceB.find(issued.token()).isPresent());
            }
            assertEquals(0, source.finds.get(), "served from the cache");

            clock.advance(TOUCH.dividedBy(2));
            Session touched = instanceA.find(issued.token()).orElseThrow();

            assertEquals(1, source.finds.get(), "one write per session per touch interval");
            assertEquals(clock.instant().plus(TIMEOUTS.idle()), touched.expiresAt());
            assertTrue(instanceB.find(issued.token()).isPresent());
            assertEquals(1, source.finds.get(), "the touched copy is shared");
        }

        @Test
        void aSessionEndsBetweenIdleMinusTouchAndIdleAfterItsLastUse() {
            IssuedSession issued = instanceA.create(alice, Map.of());
            clock.advance(TOUCH.minusMillis(1));
            assertTrue(instanceA.find(issued.token()).isPresent(), "last use: not written to the source");

            clock.advance(TIMEOUTS.idle().minus(TOUCH).plusMillis(1));

            assertEquals(Optional.empty(), instanceA.find(issued.token()), "ended idle - touch + 1 ms after it");
        }

        @Test
        void aSessionUsedMoreOftenThanIdleMinusTouchNeverEndsBeforeItsAbsoluteExpiry() {
            IssuedSession issued = instanceA.create(alice, Map.of());
            Duration step = TIMEOUTS.idle().minus(TOUCH).minusMillis(1);
            Duration elapsed = Duration.ZERO;
            while (elapsed.plus(step).compareTo(TIMEOUTS.absolute()) < 0) {
                clock.advance(step);
                elapsed = elapsed.plus(step);
                assertTrue(instanceA.find(issued.token()).isPresent(), "alive after " + elapsed);
            }
        }

        @Test
        void aLogoutOnOneInstanceEndsTheSessionOnEveryInstanceAtOnce() {
            IssuedSession issued = instanceA.create(alice, Map.of());
            assertTrue(instanceA.find(issued.token()).isPresent());

            assertTrue(instanceB.delete(issued.token()));

            assertEquals(Optional.empty(), instanceA.find(issued.token()));
        }

        @Test
        void logoutEverywhereEvictsEverySessionOfThePrincipal() {
            List<IssuedSession> sessions = List.of(
                    instanceA.create(alice, Map.of()),
                    instanceA.create(alice, Map.of()),
                    instanceB.create(alice, Map.of()));
            sessions.forEach(s -> assertTrue(instanceB.find(s.token()).isPresent()));

            assertEquals(3, instanceA.deleteAll(alice));

            sessions.forEach(s -> assertEquals(Optional.empty(), instanceB.find(s.token())));
        }

        @Test
        void withCachesOfTheirOwnALogoutElsewhereIsSeenWithinTheTouchInterval() {
            // As during a Redis outage: each instance serves from its own in-memory fallback.
            CachedSessionStore ownA = instance(new MapCache(() -> clock.millis() * 1_000_000));
            CachedSessionStore ownB = instance(new MapCache(() -> clock.millis() * 1_000_000));
            IssuedSession issued = ownA.create(alice, Map.of());
            assertTrue(ownB.find(issued.token()).isPresent());

            assertTrue(ownA.delete(issued.token()));

            clock.advance(TOUCH.minusMillis(1));
            assertTrue(ownB.find(issued.token()).isPresent(), "B's own copy, not yet a touch interval old");
            clock.advance(Duration.ofMillis(1));
            assertEquals(Optional.empty(), ownB.find(issued.token()), "gone once the copy is that old");
        }

        @Test
        void withTheSourceDownACachedSessionIsServedAndAnUncachedOneCannotBeChecked() {
            IssuedSession cached = instanceA.create(alice, Map.of());
            IssuedSession uncached = source.create(alice, Map.of());

            source.down = true;
            clock.advance(TOUCH.multipliedBy(3)); // past the touch interval: the touch fails

            assertTrue(instanceA.find(cached.token()).isPresent(), "served from the cache");
            assertTrue(instanceB.find(cached.token()).isPresent(), "and kept there");
            assertThrows(SessionStoreUnavailableException.class, () -> instanceA.find(uncached.token()));

            source.down = false;
            Session touched = instanceA.find(cached.token()).orElseThrow();
            assertEquals(clock.instant().plus(TIMEOUTS.idle()), touched.expiresAt(), "touched once it is back");
        }

        @Test
        void aCachedCopyIsNeverServedPastItsExpiryEvenWithTheSourceDown() {
            IssuedSession issued = instanceA.create(alice, Map.of());
            source.down = true;

            clock.advance(TIMEOUTS.idle());

            assertThrows(SessionStoreUnavailableException.class, () -> instanceA.find(issued.token()));
        }

        /** The race at its worst: the touch reads the session, the logout completes, then the touch caches. */
        @Test
        void aTouchThatReadTheSessionBeforeALogoutDoesNotCacheItAfter() throws Exception {
            IssuedSession issued = instanceA.create(alice, Map.of());
            clock.advance(TOUCH);
            CountDownLatch read = new CountDownLatch(1);
            CountDownLatch loggedOut = new CountDownLatch(1);
            source.afterFind = () -> {
                read.countDown();
                await(loggedOut);
            };
            ExecutorService touching = Executors.newSingleThreadExecutor();
            try {
                Future<Optional<Session>> touch = touching.submit(() -> instanceA.find(issued.token()));
                await(read);
                source.afterFind = () -> {};
                assertTrue(instanceB.delete(issued.token()));
                loggedOut.countDown();
                touch.get(30, TimeUnit.SECONDS);
            } finally {
                touching.shutdownNow();
            }

            assertEquals(Optional.empty(), instanceB.find(issued.token()));
            assertEquals(Optional.empty(), instanceA.find(issued.token()));
        }

        /**
         * Touches race logouts on two instances sharing a cache, over many sessions, with random pauses in
         * the source to vary the interleaving: once a logout has returned, no instance finds the session again.
         */
        @Test
        void aTouchRacingALogoutNeverBringsTheSessionBack() throws Exception {
            source.afterFind =
                    () -> LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 200; round++) {
                    IssuedSession issued = instanceA.create(alice, Map.of());
                    clock.advance(TOUCH); // every find now touches
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<?>> racers = new ArrayList<>();
                    racers.add(pool.submit(() -> {
                        go.await();
                        return instanceA.find(issued.token());
                    }));
                    racers.add(pool.submit(() -> {
                        go.await();
                        return instanceB.find(issued.token());
                    }));
                    Future<Boolean> logout = pool.submit(() -> {
                        go.await();
                        return instanceB.delete(issued.token());
                    });
                    go.countDown();
                    assertTrue(logout.get(30, TimeUnit.SECONDS));
                    for (Future<?> racer : racers) {
                        racer.get(30, TimeUnit.SECONDS);
                    }

                    assertEquals(Optional.empty(), instanceA.find(issued.token()), "round " + round);
                    assertEquals(Optional.empty(), instanceB.find(issued.token()), "round " + round);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                assertTrue(latch.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private CachedSessionStore instance(MapCache cache) {
            return new CachedSessionStore(source, cache, TIMEOUTS, TOUCH, clock);
        }
    }

    /** The source of truth, counting finds, and unreachable on demand. */
    private static final class CountingSource implements SessionStore {

        final AtomicInteger finds = new AtomicInteger();
        volatile boolean down;
        /** Runs after each find has read the session, before it returns. */
        volatile Runnable afterFind = () -> {};

        private final SessionStore delegate;

        CountingSource(SessionStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public IssuedSession create(Principal principal, Map<String, String> attributes) {
            check();
            return delegate.create(principal, attributes);
        }

        @Override
        public Optional<Session> find(SessionToken token) {
            check();
            finds.incrementAndGet();
            Optional<Session> found = delegate.find(token);
            afterFind.run();
            return found;
        }

        @Override
        public Optional<Session> updateAttributes(SessionToken token, Map<String, String> attributes) {
            check();
            return delegate.updateAttributes(token, attributes);
        }

        @Override
        public boolean delete(SessionToken token) {
            check();
            return delegate.delete(token);
        }

        @Override
        public List<Session> sessionsOf(Principal principal) {
            check();
            return delegate.sessionsOf(principal);
        }

        @Override
        public int deleteAll(Principal principal) {
            check();
            return delegate.deleteAll(principal);
        }

        private void check() {
            if (down) {
                throw new SessionStoreUnavailableException("source down", null);
            }
        }
    }
}
