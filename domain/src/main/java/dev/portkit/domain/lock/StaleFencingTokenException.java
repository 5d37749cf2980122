package dev.portkit.domain.lock;

/**
 * Thrown by a resource protected by a lock when a caller presents a fencing token lower than the
 * highest it has already seen for the same item: the caller's lease ran out (it paused, or its
 * renewal failed) and a newer holder has since used the resource. Nothing was changed.
 *
 * <p>This is the resource-side check that makes a lease-based lock safe; see {@link LockService}.
 */
public final class StaleFencingTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long presented;
    private final long highestSeen;

    public StaleFencingTokenException(String item, long presented, long highestSeen) {
        super("fencing token " + presented + " for " + item + " is older than " + highestSeen
                + ", already seen: a newer lock holder has used it");
        this.presented = presented;
        this.highestSeen = highestSeen;
    }

    public long presented() {
        return presented;
    }

    public long highestSeen() {
        return highestSeen;
    }
}
