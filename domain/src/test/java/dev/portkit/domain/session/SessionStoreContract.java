package dev.portkit.domain.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portkit.domain.testing.OnTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} must have. An adapter's test extends this class and
 * supplies a fresh store and a way to let time pass: a movable clock for in-process adapters, real
 * sleeping (with short {@link #timeouts()}) for stores whose expiry runs on a server's clock.
 *
 * <p>Tests are written in fractions of the idle timeout, with a margin of a quarter of it either
 * way, so they hold for fast fake clocks and for real time alike. {@link #timeouts()} must have
 * {@code absolute >= 3 * idle}. A test that needs a session still alive after some time passed
 * runs under {@link OnTime}: on a loaded machine a sleep can overrun its margin, and such a late run
 * is repeated rather than blamed on the store.
 */
public abstract class SessionStoreContract {

    private static final SecureRandom RANDOM = new SecureRandom();

    protected SessionStore store;
    private Duration idle;
    private Duration absolute;
    private final String run = Long.toHexString(RANDOM.nextLong());

    /** A new store with these timeouts, on the test's time source. */
    protected abstract SessionStore newStore(SessionTimeouts timeouts);

    /** Lets {@code duration} pass for the store (advance a clock, or sleep). */
    protected abstract void elapse(Duration duration);

    /** The timeouts under test; adapters on real time override this with short ones. */
    protected SessionTimeouts timeouts() {
        return new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12));
    }

    @BeforeEach
    void createStore() {
        SessionTimeouts timeouts = timeouts();
        idle = timeouts.idle();
        absolute = timeouts.absolute();
        if (absolute.compareTo(idle.multipliedBy(3)) < 0) {
            throw new IllegalStateException("the contract needs absolute >= 3 * idle");
        }
        store = newStore(timeouts);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** A principal of this test run only, so that runs sharing a backend do not see each other. */
    protected Principal principal(String name) {
        return new Principal(name + "-" + run);
    }

    @Test
    void createdSessionIsFoundByItsToken() {
        Principal alice = principal("alice");
        IssuedSession issued = store.create(alice, Map.of("role", "editor"));

        Session found = store.find(issued.token()).orElseThrow();

        assertEquals(issued.token().id(), found.id());
        assertEquals(alice, found.principal());
        assertEquals(Map.of("role", "editor"), found.attributes());
        assertEquals(issued.session().createdAt(), found.createdAt());
        assertEquals(issued.session().absoluteExpiresAt(), found.absoluteExpiresAt());
    }

    @Test
    void newSessionExpiresAfterTheIdleTimeoutAndAtTheLatestAfterTheAbsoluteOne() {
        Session session = store.create(principal("alice"), Map.of()).session();

        assertEquals(session.createdAt(), session.lastAccessedAt());
        assertEquals(session.createdAt().plus(idle), session.expiresAt());
        assertEquals(session.createdAt().plus(absolute), session.absoluteExpiresAt());
    }

    @Test
    void tokensAreUrlSafeUniqueAndOnlyTheirHashIsTheId() {
        Principal alice = principal("alice");
        IssuedSession first = store.create(alice, Map.of());
        IssuedSession second = store.create(alice, Map.of());

        assertTrue(first.token().value().matches("[A-Za-z0-9_.-]{60}"), "URL-safe, 60 characters");
        assertNotEquals(first.token(), second.token());
        assertEquals(first.token().id(), first.session().id());
        assertFalse(first.session().toString().contains(secretOf(first.token())));
        assertFalse(first.token().toString().contains(secretOf(first.token())), "toString hides the secret");
    }

    @Test
    void unknownTokenOpensNothing() {
        SessionToken neverIssued = SessionToken.issue(principal("alice"), RANDOM);

        assertEquals(Optional.empty(), store.find(neverIssued));
        assertEquals(Optional.empty(), store.updateAttributes(neverIssued, Map.of("a", "b")));
        assertFalse(store.delete(neverIssued));
    }

    @Test
    void tokenWithAnotherPrincipalsRouteOpensNothing() {
        IssuedSession issued = store.create(principal("alice"), Map.of());
        String forged = SessionToken.routeOf(principal("mallory")) + "." + secretOf(issued.token());

        assertEquals(Optional.empty(), store.find(SessionToken.parse(forged).orElseThrow()));
    }

    @Test
    void deletedSessionIsGone() {
        IssuedSession issued = store.create(principal("alice"), Map.of());

        assertTrue(store.delete(issued.token()));

        assertEquals(Optional.empty(), store.find(issued.token()));
        assertFalse(store.delete(issued.token()), "a second delete finds nothing to end");
        assertEquals(List.of(), store.sessionsOf(principal("alice")));
    }

    @Test
    void unusedSessionExpiresAfterTheIdleTimeout() {
        IssuedSession issued = store.create(principal("alice"), Map.of());

        elapse(idle.plus(quarterIdle()));

        assertEquals(Optional.empty(), store.find(issued.token()));
        assertEquals(Optional.empty(), store.updateAttributes(issued.token(), Map.of()));
        assertFalse(store.delete(issued.token()));
    }

    @Test
    void findSlidesTheIdleExpiry() {
        onTime(run -> {
            run.mark();
            IssuedSession issued = store.create(principal("alice-" + run.number()), Map.of());

            pass(run, idle.dividedBy(2));
            Session touched = store.find(issued.token()).orElseThrow(() -> new AssertionError("alive within idle"));
            run.mark();
            pass(run, idle.dividedBy(2).plus(quarterIdle()));

            Session again = store.find(issued.token()).orElseThrow(() -> new AssertionError("alive after > idle"));
            assertTrue(touched.expiresAt().isAfter(issued.session().expiresAt()), "find moved the expiry");
            assertTrue(again.lastAccessedAt().isAfter(touched.lastAccessedAt()));
            assertEquals(again.lastAccessedAt().plus(idle), again.expiresAt());
        });
    }

    @Test
    void activeSessionStillEndsAtItsAbsoluteExpiry() {
        onTime(run -> {
            run.mark();
            IssuedSession issued = store.create(principal("alice-" + run.number()), Map.of());
            Duration step = idle.dividedBy(2);
            Duration elapsed = Duration.ZERO;
            Session last = issued.session();

            while (elapsed.plus(step).compareTo(absolute) < 0) {
                pass(run, step);
                elapsed = elapsed.plus(step);
                last = store.find(issued.token())
                        .orElseThrow(() -> new AssertionError("an active session must live until its absolute expiry"));
                run.mark(); // the next find must come within the idle timeout of this one
                assertFalse(last.expiresAt().isAfter(last.absoluteExpiresAt()));
            }
            assertEquals(
                    last.absoluteExpiresAt(), last.expiresAt(), "near the end the absolute expiry caps the idle one");
            run.settled();

            pass(run, absolute.minus(elapsed).plus(quarterIdle()));

            assertEquals(Optional.empty(), store.find(issued.token()));
        });
    }

    @Test
    void attributesRoundTripAndUpdatesReplaceThemWithoutTouchingTheExpiry() {
        Map<String, String> attributes =
                Map.of("role", "editor", "empty", "", "unicode: ключ", "значение ✓", "json", "{\"a\":[1,2]}");
        IssuedSession issued = store.create(principal("alice"), attributes);
        Session found = store.find(issued.token()).orElseThrow();
        assertEquals(attributes, found.attributes());

        Session updated = store.updateAttributes(issued.token(), Map.of("role", "admin", "theme", "dark"))
                .orElseThrow();

        assertEquals(Map.of("role", "admin", "theme", "dark"), updated.attributes());
        assertEquals(found.expiresAt(), updated.expiresAt(), "an update does not slide the expiry");
        assertEquals(
                Map.of("role", "admin", "theme", "dark"),
                store.find(issued.token()).orElseThrow().attributes());
        assertEquals(
                Map.of(),
                store.updateAttributes(issued.token(), Map.of()).orElseThrow().attributes());
    }

    @Test
    void principalIndexListsOnlyLiveSessions() {
        onTime(run -> {
            Principal alice = principal("alice-" + run.number());
            IssuedSession expiring = store.create(alice, Map.of());
            store.create(principal("bob-" + run.number()), Map.of());
            pass(run, idle.dividedBy(2).plus(quarterIdle()));
            run.mark(); // the live session must still be listed within the idle timeout of this
            IssuedSession live = store.create(alice, Map.of());
            IssuedSession deleted = store.create(alice, Map.of());
            store.delete(deleted.token());

            pass(run, idle.dividedBy(2));

            List<Session> listed = store.sessionsOf(alice);
            assertEquals(Set.of(live.session().id()), ids(listed));
            assertEquals(alice, listed.get(0).principal());
            assertEquals(Optional.empty(), store.find(expiring.token()));
            assertEquals(List.of(), store.sessionsOf(principal("nobody")));
        });
    }

    @Test
    void deleteAllLogsThePrincipalOutEverywhere() {
        Principal alice = principal("alice");
        List<IssuedSession> alices = List.of(
                store.create(alice, Map.of("device", "phone")),
                store.create(alice, Map.of("device", "laptop")),
                store.create(alice, Map.of("device", "tablet")));
        IssuedSession bobs = store.create(principal("bob"), Map.of());
        assertEquals(3, store.sessionsOf(alice).size());

        assertEquals(3, store.deleteAll(alice));

        for (IssuedSession issued : alices) {
            assertEquals(Optional.empty(), store.find(issued.token()));
        }
        assertEquals(List.of(), store.sessionsOf(alice));
        assertTrue(store.find(bobs.token()).isPresent(), "other principals keep their sessions");
        assertEquals(0, store.deleteAll(alice));
    }

    @Test
    void deleteAllDoesNotCountExpiredSessions() {
        onTime(run -> {
            Principal alice = principal("alice-" + run.number());
            store.create(alice, Map.of());
            pass(run, idle.dividedBy(2).plus(quarterIdle()));
            run.mark(); // the second session must still count within the idle timeout of this
            store.create(alice, Map.of());
            pass(run, idle.dividedBy(2));

            assertEquals(1, store.deleteAll(alice));
        });
    }

    @Test
    void concurrentFindsOfOneSessionAllSucceed() throws Exception {
        IssuedSession issued = store.create(principal("alice"), Map.of("role", "editor"));
        int threads = 8;
        int findsEach = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<Integer> finder = () -> {
                    start.await();
                    int found = 0;
                    for (int i = 0; i < findsEach; i++) {
                        Optional<Session> session = store.find(issued.token());
                        if (session.isPresent() && session.get().attributes().equals(Map.of("role", "editor"))) {
                            found++;
                        }
                    }
                    return found;
                };
                results.add(pool.submit(finder));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertEquals(findsEach, result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, store.sessionsOf(principal("alice")).size());
        assertTrue(store.find(issued.token()).isPresent());
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> store.create(null, Map.of()));
        assertThrows(NullPointerException.class, () -> store.create(principal("alice"), null));
        assertThrows(NullPointerException.class, () -> store.find(null));
        assertThrows(NullPointerException.class, () -> store.sessionsOf(null));
    }

    private Duration quarterIdle() {
        return idle.dividedBy(4);
    }

    /** Runs a scenario that needs the machine on time within a quarter of the idle timeout. */
    private void onTime(java.util.function.Consumer<OnTime.Run> scenario) {
        OnTime.run(quarterIdle(), 5, scenario);
    }

    /** Lets {@code duration} pass for the store, and tells the run so. */
    private void pass(OnTime.Run run, Duration duration) {
        run.let(duration);
        elapse(duration);
    }

    private static Set<SessionId> ids(List<Session> sessions) {
        return sessions.stream().map(Session::id).collect(Collectors.toSet());
    }

    private static String secretOf(SessionToken token) {
        return token.value().substring(token.value().indexOf('.') + 1);
    }
}
