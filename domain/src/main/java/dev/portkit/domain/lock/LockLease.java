package dev.portkit.domain.lock;

import java.util.Objects;

/**
 * One acquisition of a lock, returned by {@link LockService#tryAcquire}: pass it back to extend or
 * release the lock, and pass its {@link #fencingToken()} to the resource the lock protects.
 *
 * @param name the lock's name
 * @param owner a random value unique to this acquisition; only its holder can extend or release the
 *     lock with it (kept out of {@link #toString()})
 * @param fencingToken positive, and greater than every token issued before for this lock name
 */
public record LockLease(String name, String owner, long fencingToken) {

    public LockLease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        if (name.isBlank() || owner.isBlank()) {
            throw new IllegalArgumentException("name and owner must not be blank");
        }
        if (fencingToken <= 0) {
            throw new IllegalArgumentException("fencingToken must be positive, was " + fencingToken);
        }
    }

    @Override
    public String toString() {
        return "LockLease[name=" + name + ", fencingToken=" + fencingToken + "]";
    }
}
