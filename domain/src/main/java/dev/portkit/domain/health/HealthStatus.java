package dev.portkit.domain.health;

/** The state of the service or one of its dependencies, from best to worst. */
public enum HealthStatus {
    /** Serving normally. */
    UP,
    /** Serving, but through a fallback (e.g. the in-memory cache while Redis is down). */
    DEGRADED,
    /** Not able to serve. */
    DOWN,
    /** Not in use in this configuration (e.g. Redis when the in-memory adapters are selected). */
    DISABLED;

    /** The worse of two states; {@link #DISABLED} never makes a report worse. */
    public HealthStatus worst(HealthStatus other) {
        if (this == DISABLED) {
            return other == DISABLED ? UP : other;
        }
        if (other == DISABLED) {
            return this;
        }
        return ordinal() >= other.ordinal() ? this : other;
    }
}
