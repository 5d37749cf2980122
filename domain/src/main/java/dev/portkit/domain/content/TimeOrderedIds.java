package dev.portkit.domain.content;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Generates UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter for ids made in
 * the same millisecond, and 62 random bits. Their lower-case text sorts in creation order, so
 * listing by id lists oldest first and a new item never lands on a page already read (on one clock: ids
 * that several processes generate are ordered by their clocks, to within their skew).
 *
 * <p>For {@link ContentRepository} adapters, which generate their items' ids. Thread-safe.
 */
public final class TimeOrderedIds {

    private static final int MAX_COUNTER = 0xFFF;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private int counter;

    public TimeOrderedIds(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new id, after every id this generator made before. */
    public synchronized ContentId next() {
        long millis = clock.millis();
        if (millis > lastMillis) {
            lastMillis = millis;
            counter = 0;
        } else if (counter < MAX_COUNTER) {
            counter++; // same millisecond, or the clock went back: stay after the previous id
        } else {
            lastMillis++; // counter exhausted: borrow the next millisecond
            counter = 0;
        }
        long high = (lastMillis << 16) | 0x7000L | counter;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new ContentId(new UUID(high, low).toString());
    }
}
