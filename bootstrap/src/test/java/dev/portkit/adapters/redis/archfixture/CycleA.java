package dev.portkit.adapters.redis.archfixture;

import dev.portkit.adapters.redis.archfixture.cycle.CycleB;

/** Half of a package cycle, on purpose. */
public final class CycleA {
    public CycleB other;
}
