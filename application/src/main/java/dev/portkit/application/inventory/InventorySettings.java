package dev.portkit.application.inventory;

import java.time.Duration;
import java.util.Objects;

/**
 * How the inventory use cases lock a sku.
 *
 * @param lockLease how long a lock outlives a crashed holder; a running holder renews it (at least
 *     1 ms; a few seconds is typical: long enough to ride out a slow renewal, short enough that a
 *     crash frees the sku soon)
 * @param lockWait how long a request waits for a busy sku before answering "busy, retry" (zero or
 *     more)
 */
public record InventorySettings(Duration lockLease, Duration lockWait) {

    public InventorySettings {
        Objects.requireNonNull(lockLease, "lockLease");
        Objects.requireNonNull(lockWait, "lockWait");
        if (lockLease.toMillis() < 1) {
            throw new IllegalArgumentException("lockLease must be at least 1 ms, was " + lockLease);
        }
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("lockWait must not be negative, was " + lockWait);
        }
    }
}
