package dev.portkit.adapters.redis.archfixture.cycle;

import dev.portkit.adapters.redis.archfixture.CycleA;

/** The other half of a package cycle, on purpose. */
public final class CycleB {
    public CycleA other;
}
