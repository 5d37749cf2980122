package dev.portkit.adapters.redis.archfixture;

import dagger.Module;

/** Violates the rules on purpose: wiring belongs in bootstrap only. */
@Module
public interface RedisAdapterUsingDagger {}
