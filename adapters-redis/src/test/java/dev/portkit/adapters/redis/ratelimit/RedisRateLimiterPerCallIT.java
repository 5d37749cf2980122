package dev.portkit.adapters.redis.ratelimit;

/** The contract again without pre-allocation: every acquisition is one call to Redis. */
class RedisRateLimiterPerCallIT extends RedisRateLimiterIT {

    @Override
    protected int preallocatePercent() {
        return 0;
    }
}
