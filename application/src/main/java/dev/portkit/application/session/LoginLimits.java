package dev.portkit.application.session;

import dev.portkit.domain.ratelimit.RateLimit;
import java.util.Objects;

/**
 * How often logins may be attempted: every attempt counts, successful or not, so that parallel
 * guesses cannot slip through between a check and a count.
 *
 * @param perUsername attempts per username, whoever makes them (slows guessing one account)
 * @param perClientAddress attempts per client address, for any usernames (slows one client
 *     guessing many accounts)
 */
public record LoginLimits(RateLimit perUsername, RateLimit perClientAddress) {

    public LoginLimits {
        Objects.requireNonNull(perUsername, "perUsername");
        Objects.requireNonNull(perClientAddress, "perClientAddress");
        if (perUsername.name().equals(perClientAddress.name())) {
            throw new IllegalArgumentException("the two login limits need different names, or they share counts");
        }
    }
}
