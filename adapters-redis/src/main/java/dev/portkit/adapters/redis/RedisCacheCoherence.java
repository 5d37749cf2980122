package dev.portkit.adapters.redis;

import dev.portkit.domain.cache.CacheCoherence;
import dev.portkit.domain.cache.CacheInvalidation;
import dev.portkit.domain.cache.CacheUnavailableException;
import java.util.List;
import java.util.Objects;

/**
 * {@link CacheCoherence} of a {@link RedisCache}: Redis is the store every instance shares; this
 * instance's copies are its near cache, its running loads, and its fallback.
 *
 * <ul>
 *   <li>{@link #applyShared} changes Redis directly, not through the circuit, the journal or the
 *       fallback: it runs also in the circuit's recovery, before Redis serves again, and it must
 *       fail, not journal, when Redis does not take the change. Each change publishes its usual
 *       invalidation message, so other instances' near caches drop their copies at once.
 *   <li>{@link #sharedStoreAvailable} is the circuit being closed.
 *   <li>{@link #beforeSharedStoreServes} adds a recovery step to the circuit.
 * </ul>
 */
public final class RedisCacheCoherence implements CacheCoherence {

    private final RedisCache cache;
    private final RedisCircuit circuit;

    /** @param circuit the circuit {@code cache} was made with */
    public RedisCacheCoherence(RedisCache cache, RedisCircuit circuit) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.circuit = Objects.requireNonNull(circuit, "circuit");
    }

    @Override
    public boolean sharesStore() {
        return true;
    }

    @Override
    public boolean sharedStoreAvailable() {
        return !circuit.isOpen();
    }

    @Override
    public void applyShared(List<CacheInvalidation> invalidations) {
        for (CacheInvalidation invalidation : invalidations) {
            try {
                cache.applyToRedis(invalidation);
            } catch (RuntimeException e) {
                throw new CacheUnavailableException(
                        "Redis did not take an invalidation of "
                                + invalidation.namespace().name() + ": " + RedisCircuit.describe(e),
                        e);
            }
        }
    }

    @Override
    public void dropLocal(List<CacheInvalidation> invalidations) {
        invalidations.forEach(cache::dropLocal);
    }

    /**
     * Adds {@code catchUp} to the circuit's recovery steps. Should Redis fail it, the circuit sees
     * Redis's own error, so that a refusal (e.g. NOPERM) is told from an outage as for any call.
     */
    @Override
    public void beforeSharedStoreServes(Runnable catchUp) {
        Objects.requireNonNull(catchUp, "catchUp");
        circuit.addRecoveryStep(() -> {
            try {
                catchUp.run();
            } catch (CacheUnavailableException e) {
                throw e.getCause() instanceof RuntimeException redisError ? redisError : e;
            }
        });
    }
}
